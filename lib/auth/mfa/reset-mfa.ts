import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mfaRecoveryCodes, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { ResetMfaInput } from "@/lib/validations/mfa";
import { hasTotp } from "./second-factor";

// An admin resets another user's two-factor sign-in (they lost their authenticator and their
// recovery codes): the secret and every recovery code are deleted and every session of theirs
// ends; they sign in with their password and enrol again (at once if their role requires it).
// Idempotent: a user without a second factor is reset all the same (sessions end, audited).
// Not on yourself: turn it off (or regenerate codes) on your own page, with a code.
export async function resetMfa({
  actor,
  input,
}: {
  actor: Actor;
  input: ResetMfaInput;
}): Promise<{ userId: string; revokedSessions: number }> {
  if (actor.id === input.userId)
    throw new AppError("forbidden", "You cannot reset your own two-factor sign-in: use the Two-factor page.");
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update");
    if (!user) throw new AppError("not_found", "No such user");
    const now = new Date();
    await tx
      .update(users)
      .set({ totpSecretSealed: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: now })
      .where(eq(users.id, user.id));
    const codes = await tx
      .delete(mfaRecoveryCodes)
      .where(eq(mfaRecoveryCodes.userId, user.id))
      .returning({ id: mfaRecoveryCodes.id });
    const revoked = await tx
      .update(userSessions)
      .set({ revokedAt: now, revokedBy: actor.label, revokeReason: "two-factor sign-in reset by an admin" })
      .where(and(eq(userSessions.userId, user.id), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    await writeAudit(tx, actor, {
      action: "auth.mfa_reset",
      targetType: "user",
      targetId: user.id,
      reason: input.reason,
      before: { totp: hasTotp(user), recoveryCodes: codes.length },
      after: { totp: false, revokedSessions: revoked.length },
    });
    return { userId: user.id, revokedSessions: revoked.length };
  });
}
