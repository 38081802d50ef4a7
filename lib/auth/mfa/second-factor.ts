import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { mfaRecoveryCodes, type User, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { open, seal } from "@/lib/server/crypto/seal";
import { looksLikeRecoveryCode, recoveryCodeVerifier } from "./recovery-codes";
import { matchTotpStep } from "./totp";

export const TOTP_SEAL_PURPOSE = "totp-secrets";

export const sealTotpSecret = (userId: string, secret: string) =>
  seal(secret, { purpose: TOTP_SEAL_PURPOSE, context: userId });

export function hasTotp(user: Pick<User, "totpEnrolledAt" | "totpSecretSealed">): boolean {
  return user.totpEnrolledAt !== null && user.totpSecretSealed !== null;
}

export type SecondFactor = "totp" | "recovery";

// Checks a TOTP code or a recovery code for an enrolled user and consumes it: the TOTP step is
// recorded (a conditional update, so two requests with one code cannot both pass), a recovery code
// is marked used (same). Returns what matched, or null. Audits a recovery code's use.
export async function checkSecondFactor(
  db: Executor,
  { user, code, actor, now = new Date() }: { user: User; code: string; actor: Actor; now?: Date },
): Promise<SecondFactor | null> {
  if (!hasTotp(user)) return null;
  if (/^\d{6}$/.test(code)) {
    const secret = open(user.totpSecretSealed as string, { purpose: TOTP_SEAL_PURPOSE, context: user.id });
    const step = matchTotpStep(secret, code, { at: now, lastStep: user.totpLastStep });
    if (step === null) return null;
    const [taken] = await db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return taken ? "totp" : null;
  }
  if (!looksLikeRecoveryCode(code)) return null;
  const [used] = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, user.id),
        eq(mfaRecoveryCodes.verifier, recoveryCodeVerifier(user.id, code)),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  if (!used) return null;
  await writeAudit(db, actor, { action: "auth.mfa_recovery_code_used", targetType: "user", targetId: user.id });
  return "recovery";
}

// A refused code, in the audit log (never the code itself).
export async function auditMfaFailure(db: Executor, actor: Actor, user: User, during: string): Promise<void> {
  await writeAudit(db, actor, {
    action: "auth.mfa_failed",
    targetType: "user",
    targetId: user.id,
    reason: `wrong or reused two-factor code (${during})`,
  });
}
