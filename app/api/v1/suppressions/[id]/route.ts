// DELETE /api/v1/suppressions/{id} – lift a suppression, with a reason.

import { removeSuppressionOperation } from "@/lib/server/api/operations/suppressions";
import { apiRoute } from "@/lib/server/http/api-route";
import { removeSuppression } from "@/lib/suppressions/remove-suppression";

export const DELETE = apiRoute(removeSuppressionOperation, ({ actor, params, body }) =>
  removeSuppression({ actor, input: { ...body, suppressionId: params.id } }),
);
