import { getDb } from "@/db/client";
import { type KillSwitch, killSwitches } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { isUniqueViolation } from "@/lib/server/db-errors";
import type { EngageKillSwitchInput } from "@/lib/validations/kill-switch";
import { releaseExpiredKillSwitches } from "./release-expired";
import { resolveKillSwitchTarget } from "./resolve-target";

const MINUTE_MS = 60 * 1000;

// Engages a switch: recorded, audited and the policy version bumped in one transaction, so relays
// learn of it on their next (long-)poll. One engaged switch per target.
export async function engageKillSwitch({
  actor,
  input: data,
}: {
  actor: Actor;
  input: EngageKillSwitchInput;
}): Promise<{ killSwitch: KillSwitch; policyVersion: number }> {
  await releaseExpiredKillSwitches();
  try {
    return await getDb().transaction(async (tx) => {
      const target = await resolveKillSwitchTarget(tx, data.scope, data.targetId);
      const [killSwitch] = await tx
        .insert(killSwitches)
        .values({
          scope: data.scope,
          targetId: target.targetId,
          targetLabel: target.label,
          reason: data.reason,
          engagedBy: actor.kind === "user" ? actor.id : null,
          engagedByLabel: actor.label,
          expiresAt: data.expiresInMinutes ? new Date(Date.now() + data.expiresInMinutes * MINUTE_MS) : null,
        })
        .returning();
      const policyVersion = await bumpPolicyVersion(tx, actor, `kill switch engaged: ${data.scope} ${target.label}`);
      await writeAudit(tx, actor, {
        action: "kill_switch.engage",
        targetType: data.scope,
        targetId: target.targetId ?? "global",
        reason: data.reason,
        after: {
          killSwitchId: killSwitch.id,
          scope: data.scope,
          target: target.label,
          expiresAt: killSwitch.expiresAt,
          policyVersion,
        },
      });
      return { killSwitch, policyVersion };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "A kill switch is already engaged for this target.");
    throw error;
  }
}
