import { z } from "zod";
import { DKIM_MAX_OVERLAP_DAYS } from "./dkim-options";

export const registerRelaySchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(2, "Name must be at least 2 characters")
    .max(60, "Name must be at most 60 characters")
    .regex(/^[a-z0-9][a-z0-9.-]*$/i, "Use letters, digits, dots and dashes (like relay-eu-1)"),
});

export const revokeRelaySchema = z.object({
  relayId: z.uuid("Unknown relay"),
  reason: z.string({ error: "Give a reason" }).trim().min(3, "Give a reason (at least 3 characters)").max(500),
});

// Revoking a relay and rotating every DKIM key it held is confirmed by typing the relay's name.
export const revokeRelayAndRotateKeysSchema = revokeRelaySchema.extend({
  confirmName: z
    .string({ error: "Type the relay's name to confirm" })
    .trim()
    .min(1, "Type the relay's name to confirm")
    .max(60),
  // How long each replaced key stays published; empty: the setting dkim.defaultOverlapDays. 0 retires
  // them at once (the relay may be compromised).
  overlapDays: z.preprocess(
    (v) => (v === null || v === "" ? undefined : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: "Overlap must be a number of days" })
      .int("Overlap must be a whole number of days")
      .min(0, "Overlap cannot be negative")
      .max(DKIM_MAX_OVERLAP_DAYS, `Overlap is at most ${DKIM_MAX_OVERLAP_DAYS} days`)
      .optional(),
  ),
});

export type RegisterRelayInput = z.infer<typeof registerRelaySchema>;
export type RevokeRelayInput = z.infer<typeof revokeRelaySchema>;
export type RevokeRelayAndRotateKeysInput = z.infer<typeof revokeRelayAndRotateKeysSchema>;
