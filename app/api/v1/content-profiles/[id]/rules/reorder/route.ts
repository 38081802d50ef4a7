// POST /api/v1/content-profiles/{id}/rules/reorder – the profile's rules in a new order.

import { reorderDlpRules } from "@/lib/content/reorder-dlp-rules";
import { reorderDlpRulesOperation } from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(reorderDlpRulesOperation, ({ actor, params, body }) =>
  reorderDlpRules({ actor, input: { ...body, profileId: params.id } }),
);
