import { and, eq, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import { getDb } from "@/db/client";
import { mfaRecoveryCodes, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { open, SealError, seal } from "@/lib/server/crypto/seal";
import type { ConfirmTotpInput } from "@/lib/validations/mfa";
import { generateRecoveryCodes, recoveryCodeVerifier } from "./recovery-codes";
import { sealTotpSecret } from "./second-factor";
import { generateTotpSecret, matchTotpStep, otpauthUri } from "./totp";

const ENROLMENT_PURPOSE = "totp-enrolment";
// How long a shown QR code can be confirmed: long enough to find the phone, short enough to matter.
export const ENROLMENT_TTL_MS = 30 * 60 * 1000;
const ISSUER = "Switchyard";

export interface TotpEnrolment {
  secret: string;
  uri: string;
  // The QR code of the otpauth:// URI, an SVG as a data: URL (rendered here, no client script).
  qrDataUrl: string;
  // The secret and its issue time, sealed to this user: the confirm form sends it back, so nothing
  // is stored until a first code proves the app has the secret.
  pending: string;
}

export async function startTotpEnrolment(
  user: { id: string; email: string },
  now = new Date(),
): Promise<TotpEnrolment> {
  const secret = generateTotpSecret();
  const uri = otpauthUri({ issuer: ISSUER, account: user.email, secret });
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const pending = seal(JSON.stringify({ secret, issuedAt: now.getTime() }), {
    purpose: ENROLMENT_PURPOSE,
    context: user.id,
  });
  return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, pending };
}

function openPending(userId: string, pending: string, now: Date): string {
  let parsed: { secret?: unknown; issuedAt?: unknown };
  try {
    parsed = JSON.parse(open(pending, { purpose: ENROLMENT_PURPOSE, context: userId }));
  } catch (error) {
    if (error instanceof SealError || error instanceof SyntaxError)
      throw new AppError("bad_request", "This enrolment is not valid for your account: reload the page.");
    throw error;
  }
  if (typeof parsed.secret !== "string" || typeof parsed.issuedAt !== "number")
    throw new AppError("bad_request", "This enrolment is not valid: reload the page.");
  if (now.getTime() - parsed.issuedAt > ENROLMENT_TTL_MS)
    throw new AppError("conflict", "This QR code is older than 30 minutes: reload the page and scan the new one.");
  return parsed.secret;
}

// Turns TOTP on once the first code matches: the secret sealed to the user, the code's step kept
// (it cannot be used again), ten recovery codes stored as verifiers and returned this once. The
// session that confirmed counts as MFA-verified.
export async function confirmTotpEnrolment({
  actor,
  userId,
  sessionId,
  input,
  now = new Date(),
}: {
  actor: Actor;
  userId: string;
  sessionId: string;
  input: ConfirmTotpInput;
  now?: Date;
}): Promise<{ recoveryCodes: string[] }> {
  const secret = openPending(userId, input.pending, now);
  const step = matchTotpStep(secret, input.code, { at: now });
  if (step === null) {
    throw new AppError(
      "validation_failed",
      "code: That code does not match: check the phone's clock and try the next one",
      {
        code: ["That code does not match: check the phone's clock and try the next one"],
      },
    );
  }
  const recoveryCodes = generateRecoveryCodes();
  await getDb().transaction(async (tx) => {
    const [enrolled] = await tx
      .update(users)
      .set({
        totpSecretSealed: sealTotpSecret(userId, secret),
        totpEnrolledAt: now,
        totpLastStep: step,
        updatedAt: now,
      })
      .where(and(eq(users.id, userId), isNull(users.totpEnrolledAt)))
      .returning({ id: users.id });
    if (!enrolled) throw new AppError("conflict", "Two-factor sign-in is already on for this account.");
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    await tx
      .insert(mfaRecoveryCodes)
      .values(recoveryCodes.map((code) => ({ userId, verifier: recoveryCodeVerifier(userId, code), createdAt: now })));
    await tx.update(userSessions).set({ mfaVerifiedAt: now }).where(eq(userSessions.id, sessionId));
    await writeAudit(tx, actor, {
      action: "auth.mfa_enrolled",
      targetType: "user",
      targetId: userId,
      after: { method: "totp", recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}
