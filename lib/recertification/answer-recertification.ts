import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Recertification, recertificationRequests, recertifications, senders } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { anonymousActor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { lockSender } from "@/lib/senders/lock-sender";
import { todayUtc } from "@/lib/senders/review";
import { getSetting } from "@/lib/settings/settings";
import type { AnswerRecertificationInput } from "@/lib/validations/recertification";
import { addMonthsUtc, laterDay } from "./dates";
import { scopeOfSender } from "./sender-scope";
import { RECERTIFIABLE_STATUSES } from "./start-campaign";
import { tokenVerifier } from "./token";

// The owner's answer through the link (no sign-in: the token is the proof). Single use: the request
// row is locked and marked used in the same transaction as the answer. "confirmed" moves the review
// date forward; "no_longer_needed" changes nothing on the sender and raises a task (an alert) for
// security. Recorded with who (the link's recipient), when, the IP and the scope they confirmed.
export async function answerRecertification({
  input,
  ip,
  now = new Date(),
}: {
  input: AnswerRecertificationInput;
  ip: string | null;
  now?: Date;
}): Promise<Recertification> {
  const extendMonths = await getSetting("recertification.extendMonths");
  return getDb().transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(recertificationRequests)
      .where(eq(recertificationRequests.tokenVerifier, tokenVerifier(input.token)))
      .for("update");
    // An unknown token learns nothing about any sender.
    if (!request) throw new AppError("not_found", "This link is not valid.");
    if (request.usedAt) throw new AppError("conflict", "This link was already used.");
    if (request.expiresAt <= now)
      throw new AppError("conflict", "This link has expired; ask the security team for a new one.");
    const sender = await lockSender(tx, request.senderId);
    if (!(RECERTIFIABLE_STATUSES as readonly string[]).includes(sender.status))
      throw new AppError("conflict", `This sender is ${sender.status}; there is nothing to confirm.`);
    if (sender.revision !== input.revision)
      throw new AppError("conflict", "The sender changed since this page was opened: reload it and check again.");
    const scope = await scopeOfSender(sender, tx);
    const actor = anonymousActor(`${request.recipientEmail} (re-certification link)`, ip);
    const confirmed = input.outcome === "confirmed";
    // From today or from the review date, whichever is later: confirming early loses nothing.
    const today = todayUtc(now);
    const reviewDateAfter = confirmed ? addMonthsUtc(laterDay(sender.reviewDate, today), extendMonths) : null;
    await tx.update(recertificationRequests).set({ usedAt: now }).where(eq(recertificationRequests.id, request.id));
    const [answer] = await tx
      .insert(recertifications)
      .values({
        requestId: request.id,
        senderId: sender.id,
        senderName: sender.name,
        outcome: input.outcome,
        confirmedBy: request.recipientEmail,
        confirmedAt: now,
        ip,
        scope,
        reviewDateBefore: sender.reviewDate,
        reviewDateAfter,
      })
      .returning();
    if (reviewDateAfter)
      await tx.update(senders).set({ reviewDate: reviewDateAfter, updatedAt: now }).where(eq(senders.id, sender.id));
    await writeAudit(tx, actor, {
      action: confirmed ? "sender.recertify" : "sender.recertify.decline",
      targetType: "sender",
      targetId: sender.id,
      reason: input.comment ?? null,
      before: { reviewDate: sender.reviewDate },
      after: { outcome: input.outcome, reviewDate: reviewDateAfter ?? sender.reviewDate, requestId: request.id, scope },
    });
    if (!confirmed)
      await raiseAlert(
        {
          kind: "recertification",
          severity: "warning",
          subjectType: "sender",
          subjectId: sender.id,
          title: `${sender.name}: owner ${request.recipientEmail} says it is no longer needed — review and retire it`,
          detail: { sender: sender.name, owner: request.recipientEmail, comment: input.comment ?? null },
          dedupeKey: `recertification:decline:${sender.id}`,
        },
        tx,
      );
    return answer;
  });
}
