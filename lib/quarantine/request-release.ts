import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantinedMessage, quarantinedMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { RequestReleaseInput } from "@/lib/validations/quarantine";
import { QUARANTINE_TARGET } from "./labels";
import { lockQuarantined } from "./lock-quarantined";
import { personOf } from "./person-of";

// First of the two steps of a release: a person asks, with a reason. Nothing reaches the relay
// yet (no policy change); a second person approves or rejects (approve-release.ts).
export async function requestRelease({
  actor,
  input,
}: {
  actor: Actor;
  input: RequestReleaseInput;
}): Promise<QuarantinedMessage> {
  const requester = personOf(actor, "A release must be requested by a signed-in person");
  return getDb().transaction(async (tx) => {
    const row = await lockQuarantined(tx, input.quarantineId);
    if (row.status === "release_requested")
      throw new AppError("conflict", "A release of this message was already requested: it awaits a second person");
    if (row.status !== "held")
      throw new AppError(
        "conflict",
        `This message is ${row.status.replace("_", " ")}; only a held message can be released`,
      );
    const [updated] = await tx
      .update(quarantinedMessages)
      .set({
        status: "release_requested",
        releaseRequestedBy: requester,
        releaseRequestedAt: new Date(),
        releaseReason: input.reason,
      })
      .where(eq(quarantinedMessages.id, row.id))
      .returning();
    await writeAudit(tx, actor, {
      action: "quarantine.release_request",
      targetType: QUARANTINE_TARGET,
      targetId: row.id,
      reason: input.reason,
      before: { status: row.status },
      after: { status: updated.status, verdict: row.verdict, relayId: row.relayId },
    });
    return updated;
  });
}
