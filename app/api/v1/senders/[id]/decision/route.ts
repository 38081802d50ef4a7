// POST /api/v1/senders/{id}/decision – approve or reject a request, with a comment (four-eyes).

import { stepUpFor } from "@/lib/auth/step-up";
import { decideSender } from "@/lib/senders/decide-sender";
import { decideSenderOperation } from "@/lib/server/api/operations/senders";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(decideSenderOperation, async ({ actor, signIn, params, body }) => {
  await stepUpFor.decideSender(signIn, body);
  return decideSender({ actor, input: { ...body, senderId: params.id } });
});
