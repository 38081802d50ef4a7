import type { Executor } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import type { FeedbackType } from "@/lib/complaints/feedback-types";
import { suppressRecipients } from "./suppress-recipients";

export const COMPLAINT_ACTOR = { ...SYSTEM_ACTOR, label: "system (complaint)" };

// A recipient who reported the mail (abuse, fraud, virus, other). "not-spam" is the opposite of a
// complaint and "auth-failure" is about the sender's domain, not the recipient: neither suppresses.
const SUPPRESSING: ReadonlySet<FeedbackType> = new Set(["abuse", "fraud", "virus", "other"]);

export async function suppressComplainant(
  tx: Executor,
  complaint: { feedbackType: FeedbackType; senderId: string | null; recipient: string | null; detail: string | null },
): Promise<void> {
  if (!SUPPRESSING.has(complaint.feedbackType) || !complaint.recipient) return;
  await suppressRecipients(tx, COMPLAINT_ACTOR, [
    {
      senderId: complaint.senderId,
      address: complaint.recipient,
      reason: "complaint",
      detail: `Feedback-Type ${complaint.feedbackType}${complaint.detail ? `; ${complaint.detail}` : ""}`,
    },
  ]);
}
