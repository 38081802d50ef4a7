// POST /api/v1/domains/{id}/dkim-keys/rotate – a new (or the staged) key signs; the previous one stays published for the overlap.

import { rotateDkimKey } from "@/lib/domains/rotate-dkim-key";
import { rotateDkimKeyOperation } from "@/lib/server/api/operations/domains";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(rotateDkimKeyOperation, ({ actor, params, body }) =>
  rotateDkimKey({ actor, input: { ...body, domainId: params.id } }),
);
