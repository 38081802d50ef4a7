// GET /api/v1/quarantine – held messages, newest first, filtered and keyset-paginated.

import { listQuarantine } from "@/lib/quarantine/list-quarantine";
import { listQuarantineOperation } from "@/lib/server/api/operations/quarantine";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listQuarantineOperation, ({ query }) => listQuarantine(query));
