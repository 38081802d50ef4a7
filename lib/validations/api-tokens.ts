import { z } from "zod";
import { roleSchema, userIdSchema } from "./users";

export const API_TOKEN_MAX_DAYS = 365;

export const createApiTokenSchema = z.object({
  // The owner: a signed-in user mints only for themself (may be omitted); a host tool names the user.
  userId: z.preprocess((v) => (v === "" ? undefined : v), userIdSchema.optional()),
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(2, "Name must be at least 2 characters")
    .max(80, "Name must be at most 80 characters"),
  // Defaults to the owner's role.
  role: z.preprocess((v) => (v === "" ? undefined : v), roleSchema.optional()),
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? undefined : Number(v)),
    z
      .number({ error: "Expiry must be a number of days" })
      .int("Expiry must be whole days")
      .min(1, "Expiry must be at least 1 day")
      .max(API_TOKEN_MAX_DAYS, `Expiry must be at most ${API_TOKEN_MAX_DAYS} days`)
      .default(90),
  ),
});

export const revokeApiTokenSchema = z.object({ tokenId: z.uuid("Unknown token id") });

export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenSchema>;
