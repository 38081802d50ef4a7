import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type KillSwitch, killSwitches } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { ReleaseKillSwitchInput } from "@/lib/validations/kill-switch";

export async function releaseKillSwitch({
  actor,
  input: data,
}: {
  actor: Actor;
  input: ReleaseKillSwitchInput;
}): Promise<{ killSwitch: KillSwitch; policyVersion: number }> {
  return getDb().transaction(async (tx) => {
    const [current] = await tx.select().from(killSwitches).where(eq(killSwitches.id, data.killSwitchId)).for("update");
    if (!current) throw new AppError("not_found", "No such kill switch");
    if (current.releasedAt) throw new AppError("conflict", "This kill switch is already released");
    const [killSwitch] = await tx
      .update(killSwitches)
      .set({
        releasedAt: new Date(),
        releasedBy: actor.kind === "user" ? actor.id : null,
        releasedByLabel: actor.label,
        releaseReason: data.reason,
      })
      .where(eq(killSwitches.id, current.id))
      .returning();
    const policyVersion = await bumpPolicyVersion(
      tx,
      actor,
      `kill switch released: ${current.scope} ${current.targetLabel}`,
    );
    await writeAudit(tx, actor, {
      action: "kill_switch.release",
      targetType: current.scope,
      targetId: current.targetId ?? "global",
      reason: data.reason,
      before: {
        killSwitchId: current.id,
        engagedAt: current.engagedAt,
        engagedBy: current.engagedByLabel,
        engagedReason: current.reason,
      },
      after: { policyVersion },
    });
    return { killSwitch, policyVersion };
  });
}
