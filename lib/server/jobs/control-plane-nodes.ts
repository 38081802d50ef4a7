import { and, asc, isNotNull, lt, ne, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type ControlPlaneNode, controlPlaneNodes } from "@/db/schema";
import type { ReplicaId } from "./replica-id";

const UNSEEN_NODE_RETENTION_MS = 24 * 3600 * 1000;

// One heartbeat of a replica: its row created or refreshed (database clock), leaderSince kept
// while it leads and cleared when it does not. Becoming leader also clears any stale claim left
// by a leader that died without saying so, so at most one row names a leader.
export async function recordHeartbeat(replica: ReplicaId, leader: boolean): Promise<void> {
  const db = getDb();
  await db
    .insert(controlPlaneNodes)
    .values({ id: replica.id, host: replica.host, pid: replica.pid, leaderSince: leader ? sql`now()` : null })
    .onConflictDoUpdate({
      target: controlPlaneNodes.id,
      set: {
        lastSeenAt: sql`now()`,
        leaderSince: leader ? sql`coalesce(${controlPlaneNodes.leaderSince}, now())` : null,
      },
    });
  if (leader)
    await db
      .update(controlPlaneNodes)
      .set({ leaderSince: null })
      .where(and(ne(controlPlaneNodes.id, replica.id), isNotNull(controlPlaneNodes.leaderSince)));
}

// Rows of replicas that stopped (or were replaced) go after a day unseen.
export async function deleteUnseenNodes(now = new Date()): Promise<{ nodes: number }> {
  const before = new Date(now.getTime() - UNSEEN_NODE_RETENTION_MS);
  const deleted = await getDb()
    .delete(controlPlaneNodes)
    .where(lt(controlPlaneNodes.lastSeenAt, before))
    .returning({ id: controlPlaneNodes.id });
  return { nodes: deleted.length };
}

export async function listControlPlaneNodes(): Promise<ControlPlaneNode[]> {
  return getDb().select().from(controlPlaneNodes).orderBy(asc(controlPlaneNodes.startedAt));
}
