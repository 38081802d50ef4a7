import "server-only";
import { forbidden, redirect } from "next/navigation";
import { type Permission, can } from "./permissions";
import { type SessionContext, currentSession } from "./session";

// For server-component pages: sign-in redirect without a session, a 403 page without permission.
export async function requirePage(permission: Permission): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  if (!can(session.user.role, permission)) forbidden();
  return session;
}
