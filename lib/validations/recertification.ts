import { z } from "zod";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

// Start a campaign: senders whose review date falls within dueWithinDays (overdue ones included),
// or every sender in use when it is empty.
export const startCampaignSchema = z.object({
  dueWithinDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Days must be a number" })
      .int("Days must be a whole number")
      .min(0, "At least 0 days")
      .max(3650, "At most 3650 days")
      .optional(),
  ),
});
export type StartCampaignInput = z.infer<typeof startCampaignSchema>;

// The token is what the link carries: base64url, 43 characters for 32 random bytes.
export const recertificationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Invalid link");

// What the owner answers on the public confirmation page. revision = the sender version they saw.
export const answerRecertificationSchema = z.object({
  token: recertificationTokenSchema,
  outcome: z.enum(["confirmed", "no_longer_needed"], { error: "Choose an answer" }),
  revision: z.coerce.number().int().positive(),
  comment: z.preprocess(blankToUndefined, z.string().trim().max(1000, "At most 1000 characters").optional()),
});
export type AnswerRecertificationInput = z.infer<typeof answerRecertificationSchema>;

const optionalDate = z.preprocess(blankToUndefined, z.iso.date("Use a date like 2026-11-27").optional());

// The re-certification report's filters (page, CSV and GET /api/v1/recertifications).
export const recertificationReportSchema = z.object({
  sender: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  outcome: z.preprocess(blankToUndefined, z.enum(["confirmed", "no_longer_needed"]).optional()),
  from: optionalDate,
  to: optionalDate,
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(50)),
});
export type RecertificationReportFilter = z.infer<typeof recertificationReportSchema>;
