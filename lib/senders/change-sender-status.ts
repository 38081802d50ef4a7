import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { ChangeSenderStatusInput } from "@/lib/validations/senders";
import { closeChangeRequest, lockPendingChangeRequest } from "./change-requests";
import { assertTransition, isRelayVisibleTransition, TRANSITION_PAST_TENSE } from "./lifecycle";
import { lockSender } from "./lock-sender";
import { loadSenderDomains } from "./sender-domains";
import { type SenderView, toSenderView } from "./sender-view";

export interface StatusChange {
  sender: SenderView;
  // The new policy version when relays must pick the change up, else null.
  policyVersion: number | null;
}

// activate (approved → active), suspend (active → suspended), resume (suspended → active),
// retire (approved, active or suspended → retired). Suspend and retire need a reason. A change that
// relays see bumps the policy version in the same transaction, so it reaches them on commit.
export async function changeSenderStatus({
  actor,
  input,
}: {
  actor: Actor;
  input: ChangeSenderStatusInput;
}): Promise<StatusChange> {
  const { senderId, action, reason } = input;
  return getDb().transaction(async (tx) => {
    const sender = await lockSender(tx, senderId);
    const status = assertTransition(action, sender.status);
    const domains = (await loadSenderDomains([sender.id], tx)).get(sender.id) ?? [];
    if (status === "active" && !domains.some((d) => d.status === "active")) {
      throw new AppError(
        "conflict",
        "This sender has no active From domain left; edit its domains before activating it",
      );
    }
    const [updated] = await tx
      .update(senders)
      .set({ status, updatedAt: new Date() })
      .where(eq(senders.id, sender.id))
      .returning();
    const policyVersion = isRelayVisibleTransition(sender.status, status)
      ? await bumpPolicyVersion(tx, actor, `Sender ${sender.name} ${TRANSITION_PAST_TENSE[action]}`)
      : null;
    await writeAudit(tx, actor, {
      action: `sender.${action}`,
      targetType: "sender",
      targetId: sender.id,
      reason: reason ?? null,
      before: { status: sender.status },
      after: { status, ...(policyVersion ? { policyVersion } : {}) },
    });
    // A retired sender changes no more: a change still awaiting approval is withdrawn with it.
    const pending = status === "retired" ? await lockPendingChangeRequest(tx, sender.id) : null;
    if (pending)
      await closeChangeRequest(tx, actor, pending, {
        status: "withdrawn",
        action: "sender.change.withdraw",
        reason: "The sender was retired",
      });
    return { sender: toSenderView(updated, domains), policyVersion };
  });
}
