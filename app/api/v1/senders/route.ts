// GET /api/v1/senders – list with the Senders page's filters, sort and pagination; POST – register (a request).

import { listSenders } from "@/lib/senders/list-senders";
import { registerSender } from "@/lib/senders/register-sender";
import { listSendersOperation, registerSenderOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listSendersOperation, async ({ query }) => {
  // The operation documents needsReview as optional; absent means false, as on the page.
  const { rows, total, page, pageSize, pageCount } = await listSenders({
    ...query,
    needsReview: query.needsReview ?? false,
  });
  return { senders: rows, total, page, pageSize, pageCount };
});

export const POST = apiRoute(registerSenderOperation, ({ actor, body }) => registerSender({ actor, input: body }));
