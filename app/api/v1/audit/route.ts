// GET /api/v1/audit – audit entries as JSON, newest first, with the Audit page's filters.

import { listAudit } from "@/lib/audit/list-audit";
import { listAuditOperation } from "@/lib/server/api/operations/audit";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listAuditOperation, ({ query }) => listAudit(query));
