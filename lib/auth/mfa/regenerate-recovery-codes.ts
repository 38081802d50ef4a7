import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { mfaRecoveryCodes, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { RegenerateRecoveryCodesInput } from "@/lib/validations/mfa";
import { generateRecoveryCodes, recoveryCodeVerifier } from "./recovery-codes";
import { auditMfaFailure, checkSecondFactor, hasTotp } from "./second-factor";

// New recovery codes for your own account, proven with a current authenticator code (the schema
// takes 6 digits only, not a recovery code): every old code stops working; the new ones are
// returned this once and stored as verifiers.
export async function regenerateRecoveryCodes({
  actor,
  userId,
  input,
  now = new Date(),
}: {
  actor: Actor;
  userId: string;
  input: RegenerateRecoveryCodesInput;
  now?: Date;
}): Promise<{ recoveryCodes: string[] }> {
  const recoveryCodes = generateRecoveryCodes();
  const done = await getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || !hasTotp(user)) throw new AppError("conflict", "Two-factor sign-in is not on for this account.");
    if ((await checkSecondFactor(tx, { user, code: input.code, actor, now })) !== "totp") {
      await auditMfaFailure(tx, actor, user, "regenerating recovery codes");
      return false;
    }
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await tx
      .insert(mfaRecoveryCodes)
      .values(recoveryCodes.map((code) => ({ userId, verifier: recoveryCodeVerifier(userId, code), createdAt: now })));
    await writeAudit(tx, actor, {
      action: "auth.mfa_recovery_codes_regenerated",
      targetType: "user",
      targetId: userId,
      after: { recoveryCodes: recoveryCodes.length },
    });
    return true;
  });
  if (!done) {
    throw new AppError("validation_failed", "code: That code is wrong or was already used", {
      code: ["That code is wrong or was already used: wait for the next one"],
    });
  }
  return { recoveryCodes };
}
