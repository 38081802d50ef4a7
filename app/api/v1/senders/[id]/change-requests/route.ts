// GET /api/v1/senders/{id}/change-requests – the sender's change requests, newest first.

import { AppError } from "@/lib/errors";
import { getSender } from "@/lib/senders/get-sender";
import { listChangeRequests } from "@/lib/senders/list-change-requests";
import { listChangeRequestsOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listChangeRequestsOperation, async ({ params }) => {
  if (!(await getSender(params.id))) throw new AppError("not_found", "No such sender");
  return { changeRequests: await listChangeRequests(params.id) };
});
