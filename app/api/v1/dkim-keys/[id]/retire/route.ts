// POST /api/v1/dkim-keys/{id}/retire – retire a published (not the active) key early, with a reason.

import { retireDkimKey } from "@/lib/domains/retire-dkim-key";
import { retireDkimKeyOperation } from "@/lib/server/api/operations/domains";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(retireDkimKeyOperation, ({ actor, params, body }) =>
  retireDkimKey({ actor, input: { ...body, keyId: params.id } }),
);
