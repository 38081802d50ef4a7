// GET /api/v1/audit – audit entries as JSON, newest first, with the Audit page's filters.
import { listAudit } from "@/lib/audit/list-audit";
import { parseInput } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/json-route";
import { auditFilterSchema } from "@/lib/validations/audit";

export const GET = jsonRoute("audit:read", async (_session, request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return listAudit(parseInput(auditFilterSchema, query));
});
