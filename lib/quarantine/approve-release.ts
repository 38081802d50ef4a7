import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantinedMessage, quarantinedMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { ApproveReleaseInput } from "@/lib/validations/quarantine";
import { QUARANTINE_TARGET } from "./labels";
import { lockQuarantined } from "./lock-quarantined";
import { personOf } from "./person-of";

// Second step: another person approves, whatever their role (four-eyes). The message becomes
// released and the policy version moves, so the release command reaches the holding relay within
// a second (pending-commands.ts); the relay then reports it settled and, later, delivered.
export async function approveRelease({
  actor,
  input,
}: {
  actor: Actor;
  input: ApproveReleaseInput;
}): Promise<{ message: QuarantinedMessage; policyVersion: number }> {
  const approver = personOf(actor, "A release must be approved by a signed-in person");
  return getDb().transaction(async (tx) => {
    const row = await lockQuarantined(tx, input.quarantineId);
    if (row.status !== "release_requested")
      throw new AppError(
        "conflict",
        row.status === "held"
          ? "Nobody requested a release of this message: request it first, then a second person approves"
          : `This message is ${row.status.replace("_", " ")}; there is no release request to approve`,
      );
    if (row.releaseRequestedBy === approver)
      throw new AppError("forbidden", "You requested this release; another person must approve it (four-eyes)");
    const [message] = await tx
      .update(quarantinedMessages)
      .set({ status: "released", releasedBy: approver, releasedAt: new Date() })
      .where(eq(quarantinedMessages.id, row.id))
      .returning();
    const policyVersion = await bumpPolicyVersion(tx, actor, `quarantined message ${row.id} released`);
    await writeAudit(tx, actor, {
      action: "quarantine.release_approve",
      targetType: QUARANTINE_TARGET,
      targetId: row.id,
      reason: input.comment ?? null,
      before: { status: row.status, requestedBy: row.releaseRequestedBy, requestReason: row.releaseReason },
      after: { status: message.status, relayId: row.relayId, policyVersion },
    });
    return { message, policyVersion };
  });
}
