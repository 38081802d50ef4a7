import "server-only";
import { headers } from "next/headers";
import { auth } from "@/auth";
import type { Actor } from "@/lib/audit/actor";
import { toUserView, type UserView } from "@/lib/users/user-view";
import { clientIpFrom } from "./client-ip";
import { loadLiveSession } from "./sessions/load-session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What the server knows about this browser's sign-in (the user_sessions row).
export interface SignInFacts {
  id: string;
  method: "password" | "oidc";
  authenticatedAt: Date;
  mfaVerifiedAt: Date | null;
}

export interface SessionContext {
  user: UserView;
  actor: Actor;
  session: SignInFacts;
}

// The signed-in user, read from the database on every request with the session's own row: a
// revoked session, a disabled user, a changed role or a reset password takes effect at once,
// whatever the session cookie still says.
export async function currentSession(): Promise<SessionContext | null> {
  const claims = (await auth()) as { uid?: string; sv?: number; sid?: string } | null;
  if (!claims?.uid || !claims.sid || !UUID.test(claims.uid) || !UUID.test(claims.sid)) return null;
  const live = await loadLiveSession({ uid: claims.uid, sid: claims.sid, sv: claims.sv ?? 0 });
  if (!live) return null;
  const { user, session } = live;
  const ip = clientIpFrom(await headers());
  return {
    user: toUserView(user),
    actor: { kind: "user", id: user.id, label: user.email, role: user.role, ip },
    session: {
      id: session.id,
      method: session.method,
      authenticatedAt: session.authenticatedAt,
      mfaVerifiedAt: session.mfaVerifiedAt,
    },
  };
}
