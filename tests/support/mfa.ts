import type { Actor } from "@/lib/audit/actor";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/auth/mfa/enrol-totp";
import { totpCode } from "@/lib/auth/mfa/totp";
import { startSession } from "@/lib/auth/sessions/start-session";

// Enrols the actor's account in TOTP as the enrolment page does (from a password session); returns
// the secret (as the page shows it) and the recovery codes. `at`: the time of the confirming code.
export async function enrolTotp(actor: Actor, at = new Date()): Promise<{ secret: string; recoveryCodes: string[] }> {
  const enrolment = await startTotpEnrolment({ id: actor.id!, email: actor.label }, at);
  const { id: sessionId } = await startSession({
    userId: actor.id!,
    method: "password",
    ip: null,
    userAgent: null,
    mfaVerified: false,
  });
  const { recoveryCodes } = await confirmTotpEnrolment({
    actor,
    userId: actor.id!,
    sessionId,
    input: { pending: enrolment.pending, code: totpCode(enrolment.secret, at) },
    now: at,
  });
  return { secret: enrolment.secret, recoveryCodes };
}
