import { and, eq, isNull, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type User, type UserSession, userSessions, users } from "@/db/schema";
import { recheckRoleIfDue } from "@/lib/auth/sso/recheck-role";

// How often the last-seen time of a session is written (a page load makes several requests).
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface LiveSession {
  user: User;
  session: UserSession;
}

// The session row of a cookie and its user, if the session is still live: not revoked, the user
// active, the cookie issued for this user and session version. One query per request.
export async function loadLiveSession(claims: { sid: string; uid: string; sv: number }): Promise<LiveSession | null> {
  const db = getDb();
  const [row] = await db
    .select({ user: users, session: userSessions })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, claims.sid), eq(userSessions.userId, claims.uid), isNull(userSessions.revokedAt)));
  if (row?.user.status !== "active" || row.user.sessionVersion !== claims.sv) return null;
  await touchSession(row.session);
  // Single sign-on: the role follows the provider's groups (re-read every sso.roleRecheckMinutes).
  return recheckRoleIfDue(row);
}

async function touchSession(session: UserSession): Promise<void> {
  const now = new Date();
  if (now.getTime() - session.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS) return;
  await getDb()
    .update(userSessions)
    .set({ lastSeenAt: now })
    .where(and(eq(userSessions.id, session.id), lt(userSessions.lastSeenAt, new Date(now.getTime() - 1000))));
}
