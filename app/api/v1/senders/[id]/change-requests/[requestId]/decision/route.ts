// POST /api/v1/senders/{id}/change-requests/{requestId}/decision – approve or reject a pending change, naming its revision (four-eyes).

import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { decideChangeRequestOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(decideChangeRequestOperation, ({ actor, params, body }) =>
  decideChangeRequest({ actor, input: { ...body, senderId: params.id, requestId: params.requestId } }),
);
