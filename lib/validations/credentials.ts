import net from "node:net";
import { z } from "zod";
import { cidrListSchema } from "./network";

export const senderIdSchema = z.uuid("Unknown sender id");
export const credentialIdSchema = z.uuid("Unknown credential id");

// Form fields arrive as strings; an empty field means "use the setting's default".
function optionalInt(label: string, min: number, max: number) {
  return z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v) : v),
    z
      .number({ error: `${label} must be a whole number` })
      .int(`${label} must be a whole number`)
      .min(min, `${label} must be at least ${min}`)
      .max(max, `${label} must be at most ${max}`)
      .optional(),
  );
}

// The upper bound here is only a sanity cap; the real maximum is the credentials.maxExpiryDays setting.
export const expiresInDaysSchema = optionalInt("Expiry (days)", 1, 3650);
export const overlapHoursSchema = optionalInt("Overlap (hours)", 0, 24 * 30);

export const issueCredentialSchema = z.object({
  senderId: senderIdSchema,
  expiresInDays: expiresInDaysSchema,
  allowedCidrs: cidrListSchema.optional(),
});

// The new credential keeps the old one's CIDRs unless new ones are given.
export const rotateCredentialSchema = z.object({
  credentialId: credentialIdSchema,
  overlapHours: overlapHoursSchema,
  expiresInDays: expiresInDaysSchema,
  allowedCidrs: z.preprocess((v) => (v === "" ? undefined : v), cidrListSchema.optional()),
});

export const revokeCredentialSchema = z.object({
  credentialId: credentialIdSchema,
  reason: z
    .string({ error: "Give a reason" })
    .trim()
    .min(3, "Give a reason (at least 3 characters)")
    .max(500, "Reason must be at most 500 characters"),
});

// Relays report the last successful SMTP AUTH per username; at most a little clock skew ahead.
export const MAX_USE_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const recordCredentialUseSchema = z.object({
  username: z.string().trim().min(1, "Username is required").max(200, "Username is at most 200 characters"),
  at: z.coerce
    .date({ error: "at must be a timestamp" })
    .refine((d) => d.getTime() <= Date.now() + MAX_USE_CLOCK_SKEW_MS, "at lies in the future"),
  from: z
    .string()
    .trim()
    .refine((ip) => net.isIP(ip) !== 0, "from must be an IPv4 or IPv6 address"),
});

export type RecordCredentialUseInput = z.infer<typeof recordCredentialUseSchema>;
export type IssueCredentialInput = z.infer<typeof issueCredentialSchema>;
export type RotateCredentialInput = z.infer<typeof rotateCredentialSchema>;
export type RevokeCredentialInput = z.infer<typeof revokeCredentialSchema>;
