import { z } from "zod";
import { suppressionReasonEnum } from "@/db/schema/suppressions";

export const SUPPRESSION_REASONS = suppressionReasonEnum.enumValues;
export const SUPPRESSIONS_PAGE_SIZE = 50;
export const SUPPRESSION_STATUSES = ["active", "expired", "removed", "all"] as const;

const reasonSchema = z
  .string({ error: "Give a reason" })
  .trim()
  .min(3, "Give a reason (at least 3 characters)")
  .max(500, "Reason must be at most 500 characters");

// "" (an empty filter field of the GET form) means no filter.
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

// One mailbox: local@domain, no spaces or angle brackets (those are stripped first).
export const suppressedAddressSchema = z
  .string({ error: "Give an email address" })
  .trim()
  .transform((v) => v.replace(/^<|>$/g, ""))
  .pipe(
    z
      .string()
      .max(320, "address must be at most 320 characters")
      .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, "address must be an email address (local@domain)"),
  );

// Filters of the list, the export and GET /api/v1/suppressions.
export const listSuppressionsSchema = z.object({
  // Text found in the address (case-insensitive).
  q: z.preprocess(blankToUndefined, z.string().trim().max(320, "q must be at most 320 characters").optional()),
  // A sender id, "global" (the list every sender shares), or text found in the sender's name or slug.
  sender: z.preprocess(
    blankToUndefined,
    z.string().trim().max(200, "sender must be at most 200 characters").optional(),
  ),
  status: z.preprocess(
    blankToUndefined,
    z
      .enum(SUPPRESSION_STATUSES, { error: `status must be one of: ${SUPPRESSION_STATUSES.join(", ")}` })
      .default("active"),
  ),
  page: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "page must be a number" })
      .int("page must be a whole number")
      .min(1, "page must be 1 or more")
      .max(100_000, "page must be at most 100000")
      .default(1),
  ),
  limit: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be 1 or more")
      .max(200, "limit must be at most 200")
      .default(SUPPRESSIONS_PAGE_SIZE),
  ),
});

export const removeSuppressionSchema = z.object({
  suppressionId: z.uuid("Unknown suppression"),
  reason: reasonSchema,
});

// Added by hand: for one sender, or for every sender (no senderId).
export const addSuppressionSchema = z.object({
  address: suppressedAddressSchema,
  senderId: z.preprocess(blankToUndefined, z.uuid("Choose a sender, or none for every sender").optional()),
  reason: reasonSchema,
  // Days until it lapses; empty = the setting suppression.days.
  days: z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : Number(v)),
    z
      .number({ error: "days must be a number" })
      .int("days must be whole days")
      .min(1, "At least 1 day")
      .max(3650, "At most 3650 days")
      .optional(),
  ),
});

export type ListSuppressionsInput = z.infer<typeof listSuppressionsSchema>;
export type RemoveSuppressionInput = z.infer<typeof removeSuppressionSchema>;
export type AddSuppressionInput = z.infer<typeof addSuppressionSchema>;
