import { AppError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";
import type { SessionContext } from "../session";

export const MFA_ENROL_PATH = "/account/mfa";
export const MFA_SETUP_FIRST = "Set up two-factor sign-in first (Account → Two-factor).";

// A password session of a user whose role must use MFA (setting mfa.requiredRoles) and who has
// not enrolled: it reaches only the enrolment page. Single sign-on sessions are exempt (the
// provider does MFA); API tokens never get here (they are not sessions).
export async function mfaSetupPending({ user, session }: Pick<SessionContext, "user" | "session">): Promise<boolean> {
  if (session.method !== "password" || user.totpEnrolledAt) return false;
  const required = await getSetting("mfa.requiredRoles");
  return required.includes(user.role);
}

// The one check, called by requirePermission (actions, pages' data) and the API's session calls.
export async function requireMfaSetUp(context: Pick<SessionContext, "user" | "session">): Promise<void> {
  if (await mfaSetupPending(context)) throw new AppError("forbidden", MFA_SETUP_FIRST);
}
