"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { revokeOtherSessions, revokeSession, revokeUserSessions } from "@/lib/auth/sessions/revoke-sessions";
import { revokeOtherSessionsSchema, revokeSessionSchema, revokeUserSessionsSchema } from "@/lib/validations/sessions";

// Your own sessions (every role): one, or all but the browser asking. Someone else's session id is
// refused by the domain (not found) unless the caller may manage users.
export const revokeMySessionAction = guardedAction("sessions:own", revokeSessionSchema, async ({ actor }, input) => {
  const revoked = await revokeSession({ actor, input });
  revalidatePath("/account/sessions");
  return revoked;
});

export const revokeMyOtherSessionsAction = guardedAction(
  "sessions:own",
  revokeOtherSessionsSchema,
  async ({ actor, session }, input) => {
    const revoked = await revokeOtherSessions({ actor, currentSessionId: session.id, input });
    revalidatePath("/account/sessions");
    return revoked;
  },
);

// Admins (users:manage): anyone's session, or every live session of one user.
export const revokeUserSessionAction = guardedAction("users:manage", revokeSessionSchema, async ({ actor }, input) => {
  const revoked = await revokeSession({ actor, input });
  revalidatePath(`/users/${revoked.userId}/sessions`);
  return revoked;
});

export const revokeAllUserSessionsAction = guardedAction(
  "users:manage",
  revokeUserSessionsSchema,
  async ({ actor, session }, input) => {
    const revoked = await revokeUserSessions({ actor, input, currentSessionId: session.id });
    revalidatePath(`/users/${input.userId}/sessions`);
    return revoked;
  },
);
