// GET /api/v1/users/{id}/sessions – a user's recent sessions; DELETE – end all of their live sessions.

import { listSessions } from "@/lib/auth/sessions/list-sessions";
import { revokeUserSessions } from "@/lib/auth/sessions/revoke-sessions";
import { AppError } from "@/lib/errors";
import { listUserSessionsOperation, revokeUserSessionsOperation } from "@/lib/server/api/operations/sessions";
import { apiRoute } from "@/lib/server/http/api-route";
import { findUserById } from "@/lib/users/list-users";

export const GET = apiRoute(listUserSessionsOperation, async ({ actor, params }) => {
  if (!(await findUserById(params.id))) throw new AppError("not_found", "No such user");
  return { sessions: await listSessions({ actor, userId: params.id }) };
});

export const DELETE = apiRoute(revokeUserSessionsOperation, ({ actor, params, body }) =>
  revokeUserSessions({ actor, input: { ...body, userId: params.id } }),
);
