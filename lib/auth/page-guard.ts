import "server-only";
import { forbidden, redirect } from "next/navigation";
import { recordDeniedAttempt } from "@/lib/denied-attempts/record-denied-attempt";
import { MFA_ENROL_PATH, mfaSetupPending } from "./mfa/mfa-gate";
import { can, type Permission } from "./permissions";
import { currentSession, type SessionContext } from "./session";

// For server-component pages: sign-in redirect without a session, a 403 page without permission
// (with a list, any one of them will do).
export async function requirePage(permission: Permission | readonly Permission[]): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  if (await mfaSetupPending(session)) redirect(MFA_ENROL_PATH);
  const anyOf: readonly Permission[] = typeof permission === "string" ? [permission] : permission;
  if (!anyOf.some((p) => can(session.user.role, p))) {
    await recordDeniedAttempt({ actor: session.actor, permission: anyOf.join(" | "), surface: "page" });
    forbidden();
  }
  return session;
}
