import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { DecideSenderInput } from "@/lib/validations/senders";
import { assertTransition } from "./lifecycle";
import { lockSender } from "./lock-sender";
import { loadSenderDomains } from "./sender-domains";
import { type SenderView, toSenderView } from "./sender-view";

// Approve or reject a registration request, with a mandatory comment. Four-eyes: the person who
// requested a sender can never decide on it, whatever their role, and the decision names the
// sender revision it reviewed (an edit since then makes it fail). An approved sender is not yet
// live (it must be activated), so the policy version is untouched.
export async function decideSender({ actor, input }: { actor: Actor; input: DecideSenderInput }): Promise<SenderView> {
  const { senderId, decision, revision, comment } = input;
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("forbidden", "A sender must be approved or rejected by a signed-in person");
  return getDb().transaction(async (tx) => {
    const sender = await lockSender(tx, senderId);
    const status = assertTransition(decision, sender.status);
    if (sender.requestedBy === actor.id)
      throw new AppError("forbidden", `You requested this sender; another person must ${decision} it`);
    if (sender.revision !== revision) {
      throw new AppError(
        "conflict",
        `This sender was edited since you reviewed it (you reviewed revision ${revision}, it is now revision ${sender.revision}): review it again before deciding`,
      );
    }
    const decidedAt = new Date();
    const [updated] = await tx
      .update(senders)
      .set({ status, decidedBy: actor.id, decidedAt, decisionComment: comment, updatedAt: decidedAt })
      .where(eq(senders.id, sender.id))
      .returning();
    await writeAudit(tx, actor, {
      action: `sender.${decision}`,
      targetType: "sender",
      targetId: sender.id,
      reason: comment,
      before: { status: sender.status },
      after: { status, revision, requestedBy: sender.requestedBy, decidedBy: actor.id },
    });
    const domains = (await loadSenderDomains([sender.id], tx)).get(sender.id) ?? [];
    return toSenderView(updated, domains);
  });
}
