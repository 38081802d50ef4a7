import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "@/lib/auth/password";

// A second-factor code as typed: 6 digits from the app, or a recovery code (xxxxx-xxxxx).
export const mfaCodeSchema = z
  .string({ error: "Enter the code from your authenticator app" })
  .trim()
  .min(6, "Enter the 6-digit code from your authenticator app, or a recovery code")
  .max(32, "The code is too long")
  .transform((code) => code.replace(/\s/g, ""));

// Optional in the sign-in form: asked for only when the account has a second factor.
export const signInCodeSchema = z.preprocess((v) => (v === "" || v === null ? undefined : v), mfaCodeSchema.optional());

// Confirming enrolment: the pending secret (sealed, from the page) and the first code it produced.
export const confirmTotpSchema = z.object({
  pending: z.string({ error: "Reload the page to start again" }).min(1).max(2000),
  code: z
    .string({ error: "Enter the 6-digit code" })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows"),
});

export const disableTotpSchema = z.object({ code: mfaCodeSchema });

// New recovery codes: a current code from the authenticator app (not a recovery code).
export const regenerateRecoveryCodesSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code" })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code your authenticator app shows"),
});

// An admin resets another user's second factor (lost authenticator), with a reason for the audit log.
export const resetMfaSchema = z.object({
  userId: z.uuid("Unknown user id"),
  reason: z
    .string({ error: "Give a reason" })
    .trim()
    .min(3, "Give a reason (at least 3 characters)")
    .max(500, "Reason must be at most 500 characters"),
});

// Confirming it is you before a dangerous action: the password, and a code when TOTP is enrolled.
export const stepUpSchema = z.object({
  password: z
    .string({ error: "Password is required" })
    .min(1, "Password is required")
    .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`),
  code: signInCodeSchema,
});

export type ConfirmTotpInput = z.infer<typeof confirmTotpSchema>;
export type DisableTotpInput = z.infer<typeof disableTotpSchema>;
export type RegenerateRecoveryCodesInput = z.infer<typeof regenerateRecoveryCodesSchema>;
export type ResetMfaInput = z.infer<typeof resetMfaSchema>;
export type StepUpInput = z.infer<typeof stepUpSchema>;
