// POST /api/v1/quarantine/{id}/delete – delete a held message for good, with a reason.

import { deleteQuarantined } from "@/lib/quarantine/delete-quarantined";
import { deleteQuarantinedOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(deleteQuarantinedOperation, ({ actor, params, body }) =>
  deleteQuarantined({ actor, input: { ...body, quarantineId: params.id } }),
);
