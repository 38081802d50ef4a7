import { and, asc, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { quarantinedMessages } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { getSetting } from "@/lib/settings/settings";
import { QUARANTINE_TARGET } from "./labels";

const DAY_MS = 24 * 3600 * 1000;
// Per run, so one transaction stays short; the job runs again soon after.
const EXPIRE_BATCH = 500;
const OPEN = ["held", "release_requested"] as const;

// Retention (background job): messages still held, or awaiting a release decision, longer than
// quarantine.retentionDays since the relay received them expire, each audited as the system's,
// and the policy version moves once so their holding relays get the delete commands. Safe on
// several replicas at once: rows are locked and skipped when another run holds them.
export async function expireQuarantined(now = new Date()): Promise<{ expired: number }> {
  const days = await getSetting("quarantine.retentionDays");
  const before = new Date(now.getTime() - days * DAY_MS);
  return getDb().transaction(async (tx) => {
    const due = await tx
      .select()
      .from(quarantinedMessages)
      .where(and(inArray(quarantinedMessages.status, [...OPEN]), lt(quarantinedMessages.receivedAt, before)))
      .orderBy(asc(quarantinedMessages.receivedAt))
      .limit(EXPIRE_BATCH)
      .for("update", { skipLocked: true });
    if (!due.length) return { expired: 0 };
    const reason = `retention: held longer than ${days} days`;
    for (const row of due) {
      await tx
        .update(quarantinedMessages)
        .set({ status: "expired", deletedAt: now, deleteReason: reason })
        .where(eq(quarantinedMessages.id, row.id));
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: "quarantine.expire",
        targetType: QUARANTINE_TARGET,
        targetId: row.id,
        reason,
        before: { status: row.status, receivedAt: row.receivedAt },
        after: { status: "expired", relayId: row.relayId },
      });
    }
    await bumpPolicyVersion(tx, SYSTEM_ACTOR, `${due.length} quarantined message(s) expired`);
    return { expired: due.length };
  });
}
