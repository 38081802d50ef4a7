import { z } from "zod";
import { quarantineStatusEnum } from "@/db/schema/quarantine";

export const QUARANTINE_STATUSES = quarantineStatusEnum.enumValues;
export const QUARANTINE_PAGE_SIZE = 50;

const quarantineId = z.uuid("Unknown quarantined message");

const reasonSchema = z
  .string({ error: "Give a reason" })
  .trim()
  .min(3, "Give a reason (at least 3 characters)")
  .max(500, "Reason must be at most 500 characters");

// "" (an empty filter field of the GET form) means no filter.
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

// Newest first, keyset-paginated: `before` is the cursor of the last row of the previous page.
export const listQuarantineSchema = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(QUARANTINE_STATUSES, { error: `status must be one of: ${QUARANTINE_STATUSES.join(", ")}` }).optional(),
  ),
  // A sender id, or text found in the sender's name or the From address.
  sender: z.preprocess(
    blankToUndefined,
    z.string().trim().max(200, "sender must be at most 200 characters").optional(),
  ),
  // Text found in the verdict or a finding's rule name.
  rule: z.preprocess(blankToUndefined, z.string().trim().max(200, "rule must be at most 200 characters").optional()),
  relay: z.preprocess(blankToUndefined, z.uuid("relay must be a relay id").optional()),
  before: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, "before must be a cursor from the previous page")
      .optional(),
  ),
  limit: z.coerce.number().int().min(1).max(200).default(QUARANTINE_PAGE_SIZE),
});

export const requestReleaseSchema = z.object({ quarantineId, reason: reasonSchema });

// The approver may say what they checked; the requester's reason is the one that must be given.
export const approveReleaseSchema = z.object({
  quarantineId,
  comment: z.preprocess(
    blankToUndefined,
    z.string().trim().max(500, "Comment must be at most 500 characters").optional(),
  ),
});

export const rejectReleaseSchema = z.object({ quarantineId, comment: reasonSchema });

export const deleteQuarantinedSchema = z.object({ quarantineId, reason: reasonSchema });

export type ListQuarantineInput = z.infer<typeof listQuarantineSchema>;
export type RequestReleaseInput = z.infer<typeof requestReleaseSchema>;
export type ApproveReleaseInput = z.infer<typeof approveReleaseSchema>;
export type RejectReleaseInput = z.infer<typeof rejectReleaseSchema>;
export type DeleteQuarantinedInput = z.infer<typeof deleteQuarantinedSchema>;
