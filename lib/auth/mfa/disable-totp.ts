import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mfaRecoveryCodes, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { DisableTotpInput } from "@/lib/validations/mfa";
import { auditMfaFailure, checkSecondFactor, hasTotp } from "./second-factor";

// Turns TOTP off for your own account, proven with a current code (or a recovery code): the secret
// and every recovery code are deleted. A role that requires MFA is sent back to enrolment.
export async function disableTotp({
  actor,
  userId,
  input,
}: {
  actor: Actor;
  userId: string;
  input: DisableTotpInput;
}): Promise<{ disabled: true }> {
  const db = getDb();
  const refused = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || !hasTotp(user)) throw new AppError("conflict", "Two-factor sign-in is not on for this account.");
    if (!(await checkSecondFactor(tx, { user, code: input.code, actor }))) {
      await auditMfaFailure(tx, actor, user, "turning two-factor off");
      return true;
    }
    await tx
      .update(users)
      .set({ totpSecretSealed: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await writeAudit(tx, actor, { action: "auth.mfa_disabled", targetType: "user", targetId: userId });
    return false;
  });
  if (refused) {
    throw new AppError("validation_failed", "code: That code is wrong or was already used", {
      code: ["That code is wrong or was already used"],
    });
  }
  return { disabled: true };
}
