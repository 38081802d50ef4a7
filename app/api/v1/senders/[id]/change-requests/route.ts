// GET /api/v1/senders/{id}/change-requests – the sender's change requests, newest first.
import { listChangeRequestsOperation } from "@/lib/server/api/operations/senders";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/server/http/api-route";
import { getSender } from "@/lib/senders/get-sender";
import { listChangeRequests } from "@/lib/senders/list-change-requests";

export const GET = apiRoute(listChangeRequestsOperation, async ({ params }) => {
  if (!(await getSender(params.id))) throw new AppError("not_found", "No such sender");
  return { changeRequests: await listChangeRequests(params.id) };
});
