import { z } from "zod";

const optionalText = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.string().trim().max(200, "At most 200 characters").optional(),
);
const optionalDate = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.iso.date("Use a date like 2026-11-27").optional(),
);

// Filters of the audit list (page query string and GET /api/v1/audit alike). Dates are UTC days.
export const auditFilterSchema = z.object({
  actor: optionalText,
  action: optionalText,
  target: optionalText,
  from: optionalDate,
  to: optionalDate,
  before: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().int().positive("Invalid cursor").optional(),
  ),
  limit: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().int().min(1).max(200).default(50),
  ),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;
