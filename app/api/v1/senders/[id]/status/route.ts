// POST /api/v1/senders/{id}/status – activate, suspend, resume or retire (suspend and retire need a reason).

import { changeSenderStatus } from "@/lib/senders/change-sender-status";
import { changeSenderStatusOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(changeSenderStatusOperation, ({ actor, params, body }) =>
  changeSenderStatus({ actor, input: { ...body, senderId: params.id } }),
);
