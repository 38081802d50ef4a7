import { z } from "zod";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

// GET /api/v1/policy-versions and the Policy history page: newest first, keyset on the version.
export const policyVersionListSchema = z.object({
  before: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().positive("before must be a version number").optional(),
  ),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1, "limit must be 1 to 100").max(100, "limit must be 1 to 100").default(25),
  ),
});
export type PolicyVersionListInput = z.infer<typeof policyVersionListSchema>;

export const policyVersionParamsSchema = z.object({
  version: z.coerce.number({ error: "version must be a number" }).int("version must be a whole number").positive(),
});

// against: the version compared with (default: the one recorded before, usually the one before); 0: empty policy.
export const policyVersionDiffQuerySchema = z.object({
  against: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "against must be a version number" })
      .int("against must be a whole number")
      .min(0)
      .optional(),
  ),
});

export const policyVersionDiffSchema = policyVersionParamsSchema.extend(policyVersionDiffQuerySchema.shape);
export type PolicyVersionDiffInput = z.infer<typeof policyVersionDiffSchema>;

// The Policy history page's query string: the list's cursor, and the two versions compared
// (v against `against`; without v the newest version against its predecessor).
export const policyHistoryPageSchema = policyVersionListSchema.extend({
  v: z.preprocess(blankToUndefined, z.coerce.number().int().positive("Version must be a version number").optional()),
  against: policyVersionDiffQuerySchema.shape.against,
});
