// GET /api/v1/senders/{id} – one sender; PATCH – edit its details (only the fields sent change;
// 202 when a widening part waits in a change request for a second person).

import { AppError } from "@/lib/errors";
import { getSender } from "@/lib/senders/get-sender";
import { updateSender } from "@/lib/senders/update-sender";
import { getSenderOperation, updateSenderOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getSenderOperation, async ({ params }) => {
  const sender = await getSender(params.id);
  if (!sender) throw new AppError("not_found", "No such sender");
  return sender;
});

export const PATCH = apiRoute(updateSenderOperation, async ({ actor, params, body }) => {
  const { sender, applied, awaitingApproval, changeRequest } = await updateSender({
    actor,
    input: { ...body, senderId: params.id },
  });
  return Response.json({ ...sender, applied, awaitingApproval, changeRequest }, { status: changeRequest ? 202 : 200 });
});
