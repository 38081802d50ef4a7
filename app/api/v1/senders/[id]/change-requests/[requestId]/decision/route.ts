// POST /api/v1/senders/{id}/change-requests/{requestId}/decision – approve or reject a pending change, naming its revision (four-eyes).

import { stepUpFor } from "@/lib/auth/step-up";
import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { decideChangeRequestOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(decideChangeRequestOperation, async ({ actor, signIn, params, body }) => {
  await stepUpFor.decideChangeRequest(signIn, body);
  return decideChangeRequest({ actor, input: { ...body, senderId: params.id, requestId: params.requestId } });
});
