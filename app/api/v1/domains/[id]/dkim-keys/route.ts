// POST /api/v1/domains/{id}/dkim-keys – generate a DKIM key (active if the domain has none, else staged).

import { generateDkimKey } from "@/lib/domains/generate-dkim-key";
import { generateDkimKeyOperation } from "@/lib/server/api/operations/domains";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(generateDkimKeyOperation, ({ actor, params, body }) =>
  generateDkimKey({ actor, input: { ...body, domainId: params.id } }),
);
