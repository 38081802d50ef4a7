import { z } from "zod";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalDate = z.preprocess(blankToUndefined, z.iso.date("Use a date like 2026-11-27").optional());

export const DENIED_SURFACES = ["ui", "api", "page"] as const;
export type DeniedSurface = (typeof DENIED_SURFACES)[number];

// Denied attempts (refused authorizations) filters, page and GET /api/v1/denied-attempts.
export const deniedAttemptsFilterSchema = z.object({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  permission: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  surface: z.preprocess(blankToUndefined, z.enum(DENIED_SURFACES).optional()),
  from: optionalDate,
  to: optionalDate,
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});
export type DeniedAttemptsFilter = z.infer<typeof deniedAttemptsFilterSchema>;
