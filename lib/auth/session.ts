import "server-only";
import { headers } from "next/headers";
import { auth } from "@/auth";
import type { Actor } from "@/lib/audit/actor";
import { findUserById } from "@/lib/users/list-users";
import { toUserView, type UserView } from "@/lib/users/user-view";
import { clientIpFrom } from "./client-ip";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionContext {
  user: UserView;
  actor: Actor;
}

// The signed-in user, read from the database on every request: a disabled user, a changed role or
// a reset password takes effect at once, whatever the session cookie still says.
export async function currentSession(): Promise<SessionContext | null> {
  const session = (await auth()) as { uid?: string; sv?: number } | null;
  if (!session?.uid || !UUID.test(session.uid)) return null;
  const user = await findUserById(session.uid);
  if (user?.status !== "active" || user.sessionVersion !== session.sv) return null;
  const ip = clientIpFrom(await headers());
  return {
    user: toUserView(user),
    actor: { kind: "user", id: user.id, label: user.email, role: user.role, ip },
  };
}
