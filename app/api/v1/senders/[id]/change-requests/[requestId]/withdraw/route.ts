// POST /api/v1/senders/{id}/change-requests/{requestId}/withdraw – take a pending change request back.

import { withdrawChangeRequest } from "@/lib/senders/withdraw-change-request";
import { withdrawChangeRequestOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(withdrawChangeRequestOperation, async ({ actor, params }) => ({
  changeRequest: await withdrawChangeRequest({ actor, input: { senderId: params.id, requestId: params.requestId } }),
}));
