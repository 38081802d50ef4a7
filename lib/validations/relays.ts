import { z } from "zod";

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
