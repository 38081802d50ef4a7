import { desc, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { policyVersions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { lockAuditChain } from "@/lib/audit/write-audit";

// Every bump is audited in the same transaction, some before and some after it: the audit chain is
// locked first (lockAuditChain), so the version lock is always taken second and none deadlock.

// Serializes version bumps across concurrent transactions (and app replicas).
const POLICY_VERSION_LOCK = 7_423_001;
// NOTIFY channel that wakes long-polling relays on every app instance once a bump commits.
export const POLICY_CHANNEL = "switchyard_policy";

export async function currentPolicyVersion(db: Executor = getDb()): Promise<number> {
  const [row] = await db
    .select({ version: policyVersions.version })
    .from(policyVersions)
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return row?.version ?? 0;
}

// Called inside the transaction of any change that alters what relays enforce, after the change's
// own writes: the new version becomes visible exactly when the change commits. Only the bump: the
// version's content (policy history) is recorded after commit, off this path, by
// recordPendingPolicyVersions (lib/policy-history/record-content.ts), woken by this NOTIFY.
// Every bump is audited in the same transaction, some before and some after it: the audit chain is
// locked first (lockAuditChain), so the version lock is always taken second and none deadlock.
export async function bumpPolicyVersion(tx: Executor, actor: Actor, reason: string): Promise<number> {
  await lockAuditChain(tx);
  await tx.execute(sql`select pg_advisory_xact_lock(${POLICY_VERSION_LOCK})`);
  const [row] = await tx
    .insert(policyVersions)
    .values({ version: sql`(select coalesce(max(version), 0) + 1 from ${policyVersions})`, reason, actorId: actor.id })
    .returning({ version: policyVersions.version });
  await tx.execute(sql`select pg_notify(${POLICY_CHANNEL}, ${String(row.version)})`);
  return row.version;
}
