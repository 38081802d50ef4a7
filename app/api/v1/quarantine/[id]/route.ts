// GET /api/v1/quarantine/{id} – one held message with its findings (redacted) and history.

import { AppError } from "@/lib/errors";
import { getQuarantined } from "@/lib/quarantine/get-quarantined";
import { getQuarantinedOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(getQuarantinedOperation, async ({ params }) => {
  const detail = await getQuarantined(params.id);
  if (!detail) throw new AppError("not_found", "No such quarantined message");
  return detail;
});
