// GET /api/v1/users/{id}/sessions – a user's recent sessions; DELETE – end all of their live sessions.

import { listSessions } from "@/lib/auth/sessions/list-sessions";
import { revokeUserSessions } from "@/lib/auth/sessions/revoke-sessions";
import { listUserSessionsOperation, revokeUserSessionsOperation } from "@/lib/server/api/operations/sessions";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listUserSessionsOperation, async ({ actor, params }) => ({
  sessions: await listSessions({ actor, userId: params.id }),
}));

export const DELETE = apiRoute(revokeUserSessionsOperation, ({ actor, params, body }) =>
  revokeUserSessions({ actor, input: { ...body, userId: params.id } }),
);
