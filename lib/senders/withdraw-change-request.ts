import { getDb } from "@/db/client";
import type { SenderChangeRequest } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { WithdrawChangeRequestInput } from "@/lib/validations/senders";
import { closeChangeRequest, lockNamedRequest } from "./change-requests";
import { lockSender } from "./lock-sender";

// Withdraws a pending change request: nothing changes on the sender. Any sender editor may do it
// (withdrawing only keeps what was approved); the requester uses it to take a proposal back.
export async function withdrawChangeRequest({
  actor,
  input,
}: {
  actor: Actor;
  input: WithdrawChangeRequestInput;
}): Promise<SenderChangeRequest> {
  return getDb().transaction(async (tx) => {
    await lockSender(tx, input.senderId);
    const request = await lockNamedRequest(tx, input.senderId, input.requestId);
    return closeChangeRequest(tx, actor, request, {
      status: "withdrawn",
      action: "sender.change.withdraw",
      reason: null,
    });
  });
}
