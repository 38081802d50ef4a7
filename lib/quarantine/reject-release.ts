import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantinedMessage, quarantinedMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { RejectReleaseInput } from "@/lib/validations/quarantine";
import { QUARANTINE_TARGET } from "./labels";
import { lockQuarantined } from "./lock-quarantined";
import { personOf } from "./person-of";

// A release request turned down, with a comment: the message is held again, as it was. Safe in
// anyone's hands (nothing leaves), so the requester may also use it to withdraw their request.
// The request's fields are cleared; who asked and why stays in the audit log.
export async function rejectRelease({
  actor,
  input,
}: {
  actor: Actor;
  input: RejectReleaseInput;
}): Promise<QuarantinedMessage> {
  personOf(actor, "A release request must be rejected by a signed-in person");
  return getDb().transaction(async (tx) => {
    const row = await lockQuarantined(tx, input.quarantineId);
    if (row.status !== "release_requested")
      throw new AppError(
        "conflict",
        `This message is ${row.status.replace("_", " ")}; there is no release request to reject`,
      );
    const [updated] = await tx
      .update(quarantinedMessages)
      .set({ status: "held", releaseRequestedBy: null, releaseRequestedAt: null, releaseReason: null })
      .where(eq(quarantinedMessages.id, row.id))
      .returning();
    await writeAudit(tx, actor, {
      action: "quarantine.release_reject",
      targetType: QUARANTINE_TARGET,
      targetId: row.id,
      reason: input.comment,
      before: {
        status: row.status,
        requestedBy: row.releaseRequestedBy,
        requestedAt: row.releaseRequestedAt,
        requestReason: row.releaseReason,
      },
      after: { status: updated.status },
    });
    return updated;
  });
}
