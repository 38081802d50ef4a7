// PATCH /api/v1/content-profiles/{id}/rules/{ruleId} – edit a DLP rule; DELETE – delete it.

import { deleteDlpRule } from "@/lib/content/delete-dlp-rule";
import { updateDlpRule } from "@/lib/content/update-dlp-rule";
import { deleteDlpRuleOperation, updateDlpRuleOperation } from "@/lib/server/api/operations/content-profiles";
import { apiRoute } from "@/lib/server/http/api-route";

export const PATCH = apiRoute(updateDlpRuleOperation, ({ actor, params, body }) =>
  updateDlpRule({ actor, input: { ...body, profileId: params.id, ruleId: params.ruleId } }),
);

export const DELETE = apiRoute(deleteDlpRuleOperation, ({ actor, params }) =>
  deleteDlpRule({ actor, input: { profileId: params.id, ruleId: params.ruleId } }),
);
