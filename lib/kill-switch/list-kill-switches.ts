import { and, desc, eq, gt, isNotNull, isNull, or } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type KillSwitch, type KillSwitchScope, killSwitches } from "@/db/schema";

const engagedNow = (now: Date) =>
  and(isNull(killSwitches.releasedAt), or(isNull(killSwitches.expiresAt), gt(killSwitches.expiresAt, now)));

export async function listEngagedKillSwitches({
  now = new Date(),
  db = getDb(),
}: {
  now?: Date;
  db?: Executor;
} = {}): Promise<KillSwitch[]> {
  return db.select().from(killSwitches).where(engagedNow(now)).orderBy(desc(killSwitches.engagedAt));
}

export async function listReleasedKillSwitches({
  limit = 50,
  db = getDb(),
}: {
  limit?: number;
  db?: Executor;
} = {}): Promise<KillSwitch[]> {
  return db
    .select()
    .from(killSwitches)
    .where(isNotNull(killSwitches.releasedAt))
    .orderBy(desc(killSwitches.releasedAt))
    .limit(limit);
}

// The engaged switch on one target, if any (to show it wherever the target appears).
export async function engagedKillSwitchFor(
  scope: KillSwitchScope,
  targetId: string | null,
  db: Executor = getDb(),
): Promise<KillSwitch | null> {
  const [row] = await db
    .select()
    .from(killSwitches)
    .where(
      and(
        engagedNow(new Date()),
        eq(killSwitches.scope, scope),
        targetId ? eq(killSwitches.targetId, targetId) : isNull(killSwitches.targetId),
      ),
    )
    .limit(1);
  return row ?? null;
}
