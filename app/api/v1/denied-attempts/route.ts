// GET /api/v1/denied-attempts – refused authorizations, counted per actor, permission, surface and minute.

import { listDeniedAttempts } from "@/lib/denied-attempts/list-denied-attempts";
import { listDeniedAttemptsOperation } from "@/lib/server/api/operations/recertification";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listDeniedAttemptsOperation, ({ query }) => listDeniedAttempts(query));
