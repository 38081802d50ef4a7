import { and, isNull, lte } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { killSwitches } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";

// Switches engaged "for 2 hours" release themselves: marked released by the system, audited, and
// the policy version bumped (relays also stop honouring them at expiresAt on their own).
export async function releaseExpiredKillSwitches({
  now = new Date(),
  db = getDb(),
}: {
  now?: Date;
  db?: Executor;
} = {}): Promise<number> {
  const due = await db
    .select({ id: killSwitches.id })
    .from(killSwitches)
    .where(and(isNull(killSwitches.releasedAt), lte(killSwitches.expiresAt, now)));
  if (due.length === 0) return 0;
  return db.transaction(async (tx) => {
    const released = await tx
      .update(killSwitches)
      .set({ releasedAt: now, releasedByLabel: "system (expired)", releaseReason: "expired" })
      .where(and(isNull(killSwitches.releasedAt), lte(killSwitches.expiresAt, now)))
      .returning();
    if (released.length === 0) return 0;
    await bumpPolicyVersion(tx, SYSTEM_ACTOR, `${released.length} kill switch(es) expired`);
    for (const ks of released) {
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: "kill_switch.expire",
        targetType: "kill_switch",
        targetId: ks.id,
        reason: "expired",
        before: { scope: ks.scope, target: ks.targetLabel },
      });
    }
    return released.length;
  });
}
