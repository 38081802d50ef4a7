// POST /api/v1/content-profiles/{id}/rules – add a DLP rule (a catastrophic regular expression is refused, 422).

import { createDlpRule } from "@/lib/content/create-dlp-rule";
import { createDlpRuleOperation } from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(createDlpRuleOperation, ({ actor, params, body }) =>
  createDlpRule({ actor, input: { ...body, profileId: params.id } }),
);
