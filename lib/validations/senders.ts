import { z } from "zod";
import { senderKindEnum, senderStatusEnum } from "@/db/schema/senders";
import { SENDER_SORTS } from "@/lib/senders/labels";
import { addYearsUtc, todayUtc } from "@/lib/senders/review";
import { findVendor, VENDOR_IDS } from "@/lib/senders/vendor-catalog";
import { emailSchema } from "./auth";
import { cidrListSchema, toAsciiDomain } from "./network";

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 100;
export const MAX_RATE_PER_MINUTE = 1_000_000;
export const MAX_RATE_PER_DAY = 100_000_000;
export const MAX_REVIEW_YEARS_AHEAD = 5;
export const MAX_FROM_ADDRESSES = 100;
export const MAX_FROM_DOMAINS = 50;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
// Unicode category Cc: C0 controls, DEL and C1 controls (a name shows up in logs and audit entries).
const CONTROL_CHARS = /\p{Cc}/u;

// ---- Fields ------------------------------------------------------------------------------

export const senderIdSchema = z.uuid("Unknown sender id");

const nameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(NAME_MIN_LENGTH, `Name must be at least ${NAME_MIN_LENGTH} characters`)
  .max(NAME_MAX_LENGTH, `Name must be at most ${NAME_MAX_LENGTH} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), "Name must not contain control characters");

const kindSchema = z.enum(senderKindEnum.enumValues, {
  error: `Kind must be one of: ${senderKindEnum.enumValues.join(", ")}`,
});

const vendorSchema = z.preprocess(blankToUndefined, z.string().trim().max(64, "Unknown vendor").optional());

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(min, min > 1 ? `${label} must be at least ${min} characters` : `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

// Checkboxes post one value or many; an API client sends an array.
const fromDomainIdsSchema = z.preprocess(
  (v) => (typeof v === "string" ? [v] : (v ?? [])),
  z
    .array(z.uuid("Unknown domain id"), { error: "Choose at least one From domain" })
    .min(1, "Choose at least one From domain")
    .max(MAX_FROM_DOMAINS, `At most ${MAX_FROM_DOMAINS} From domains`)
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
);

// RFC 5322 dot-atom without "*", so "*" alone is the wildcard and partial wildcards ("*x@") are refused.
const LOCAL_PART = /^[a-z0-9!#$%&'+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'+/=?^_`{|}~-]+)*$/i;

// "name@example.com" or "*@example.com"; returned lowercased with the domain in ASCII (punycode),
// since relays compare addresses case-insensitively.
export function normalizeFromAddress(input: string): string | null {
  const value = input.trim();
  const at = value.lastIndexOf("@");
  if (at <= 0 || value.length > 254) return null;
  const local = value.slice(0, at);
  const domain = toAsciiDomain(value.slice(at + 1));
  if (!domain) return null;
  if (local !== "*" && (local.length > 64 || !LOCAL_PART.test(local))) return null;
  return `${local.toLowerCase()}@${domain}`;
}

export function fromAddressDomain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

const fromAddressSchema = z
  .string()
  .max(254, "A From address is at most 254 characters")
  .transform((value, ctx) => {
    const normalized = normalizeFromAddress(value);
    if (!normalized) {
      ctx.addIssue({
        code: "custom",
        message: `"${value.slice(0, 80)}" is not a valid From address: use name@domain or *@domain`,
      });
      return z.NEVER;
    }
    return normalized;
  });

// A textarea posts one string (comma, space or newline separated); empty means any address at an allowed domain.
const allowedFromAddressesSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,;]+/).filter(Boolean) : (v ?? [])),
  z
    .array(fromAddressSchema)
    .max(MAX_FROM_ADDRESSES, `At most ${MAX_FROM_ADDRESSES} From addresses`)
    .transform((list) => [...new Set(list)]),
);

const rateSchema = (label: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label} is required` })
      .int(`${label} must be a whole number`)
      .positive(`${label} must be at least 1`)
      .max(max, `${label} must be at most ${max.toLocaleString("en-US")}`),
  );

const reviewDateSchema = z.preprocess(blankToUndefined, z.iso.date("Review date must be a date like 2027-01-31"));

// The content profile for its mail; empty (or null) = the default profile for its kind.
const contentProfileIdSchema = z.preprocess(blankToUndefined, z.uuid("Unknown content profile").optional());

export const senderFieldsSchema = z.object({
  name: nameSchema,
  kind: kindSchema,
  vendor: vendorSchema,
  ownerTeam: text("Owner team", 2, 100),
  contactEmail: emailSchema,
  purpose: text("Business purpose", 10, 2000),
  fromDomainIds: fromDomainIdsSchema,
  allowedFromAddresses: allowedFromAddressesSchema,
  allowedCidrs: cidrListSchema.transform((list) => [...new Set(list)]),
  rateLimitPerMinute: rateSchema("Messages per minute", MAX_RATE_PER_MINUTE),
  rateLimitPerDay: rateSchema("Messages per day", MAX_RATE_PER_DAY),
  reviewDate: reviewDateSchema,
  contentProfileId: contentProfileIdSchema,
});

export type SenderFields = z.infer<typeof senderFieldsSchema>;

// Rules across fields. They run even when other fields failed (so a form shows every problem at
// once), each only when the fields it reads parsed cleanly. checkReviewDate: a new review date may
// not lie in the past (always on create; on update only when the date changes, so an overdue
// sender can still have other details edited).
function crossFieldChecks(data: SenderFields, ctx: z.RefinementCtx<SenderFields>, checkReviewDate: boolean): void {
  const failed = new Set(ctx.issues.map((issue) => String(issue.path?.[0])));
  const ok = (...fields: (keyof SenderFields)[]) => fields.every((f) => !failed.has(f));
  if (ok("kind", "vendor")) {
    if (data.kind === "saas") {
      if (!data.vendor)
        ctx.addIssue({ code: "custom", path: ["vendor"], message: 'Choose the SaaS vendor (or "other")' });
      else if (!findVendor(data.vendor))
        ctx.addIssue({
          code: "custom",
          path: ["vendor"],
          message: `Unknown vendor "${data.vendor}": choose one from the catalog (${VENDOR_IDS.join(", ")})`,
        });
    } else if (data.vendor) {
      ctx.addIssue({
        code: "custom",
        path: ["vendor"],
        message: "Only SaaS senders have a vendor; leave it empty for internal applications",
      });
    }
  }
  if (ok("rateLimitPerMinute", "rateLimitPerDay") && data.rateLimitPerDay < data.rateLimitPerMinute) {
    ctx.addIssue({
      code: "custom",
      path: ["rateLimitPerDay"],
      message: "Messages per day must be at least messages per minute",
    });
  }
  if (checkReviewDate && ok("reviewDate")) {
    const today = todayUtc();
    if (data.reviewDate < today)
      ctx.addIssue({ code: "custom", path: ["reviewDate"], message: `Review date must be today (${today}) or later` });
    const latest = addYearsUtc(today, MAX_REVIEW_YEARS_AHEAD);
    if (data.reviewDate > latest)
      ctx.addIssue({
        code: "custom",
        path: ["reviewDate"],
        message: `Review date must be within ${MAX_REVIEW_YEARS_AHEAD} years (by ${latest})`,
      });
  }
}

const always = { when: () => true };

export const createSenderSchema = senderFieldsSchema.superRefine(
  (data, ctx) => crossFieldChecks(data, ctx, true),
  always,
);

// The checks of a full set of fields after an update was merged into the stored sender.
export const mergedSenderSchema = (reviewDateChanged: boolean) =>
  senderFieldsSchema.superRefine((data, ctx) => crossFieldChecks(data, ctx, reviewDateChanged), always);

// An update names the sender and any subset of the fields; omitted fields keep their value.
export const updateSenderSchema = senderFieldsSchema.partial().extend({ senderId: senderIdSchema });

export type CreateSenderInput = z.infer<typeof createSenderSchema>;
export type UpdateSenderInput = z.infer<typeof updateSenderSchema>;

// ---- Decisions and lifecycle -----------------------------------------------------------------

const commentSchema = z
  .string({ error: "A comment is required" })
  .trim()
  .min(3, "A comment is required (at least 3 characters): say why")
  .max(1000, "Comment must be at most 1000 characters");

// The revision the decider saw: a decision fails (conflict) when what it names changed since.
const revisionSchema = z.coerce
  .number({ error: "Name the revision you reviewed (revision)" })
  .int("Revision must be a whole number")
  .positive("Revision must be at least 1");

const decisionSchema = z.enum(["approve", "reject"], { error: "Decision must be approve or reject" });

export const decideSenderSchema = z.object({
  senderId: senderIdSchema,
  decision: decisionSchema,
  revision: revisionSchema,
  comment: commentSchema,
});

export type DecideSenderInput = z.infer<typeof decideSenderSchema>;

// ---- Change requests (widening edits of an approved sender, four-eyes) ------------------------

export const changeRequestIdSchema = z.uuid("Unknown change request id");

export const decideChangeRequestSchema = z.object({
  senderId: senderIdSchema,
  requestId: changeRequestIdSchema,
  decision: decisionSchema,
  revision: revisionSchema,
  comment: commentSchema,
});

export const withdrawChangeRequestSchema = z.object({ senderId: senderIdSchema, requestId: changeRequestIdSchema });

export type DecideChangeRequestInput = z.infer<typeof decideChangeRequestSchema>;
export type WithdrawChangeRequestInput = z.infer<typeof withdrawChangeRequestSchema>;

const requiredReason = z
  .string({ error: "A reason is required" })
  .trim()
  .min(3, "A reason is required (at least 3 characters)")
  .max(500, "Reason must be at most 500 characters");
const optionalReason = z.preprocess(
  blankToUndefined,
  z.string().trim().max(500, "Reason must be at most 500 characters").optional(),
);

export const changeSenderStatusSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ senderId: senderIdSchema, action: z.literal("activate"), reason: optionalReason }),
    z.object({ senderId: senderIdSchema, action: z.literal("resume"), reason: optionalReason }),
    z.object({ senderId: senderIdSchema, action: z.literal("suspend"), reason: requiredReason }),
    z.object({ senderId: senderIdSchema, action: z.literal("retire"), reason: requiredReason }),
  ],
  { error: "Action must be one of: activate, suspend, resume, retire" },
);

export type ChangeSenderStatusInput = z.infer<typeof changeSenderStatusSchema>;

// ---- List ------------------------------------------------------------------------------------

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: message }).optional());

export const senderListQuerySchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100, "Search is at most 100 characters").optional()),
  status: optionalEnum(senderStatusEnum.enumValues, "Unknown status"),
  kind: optionalEnum(senderKindEnum.enumValues, "Unknown kind"),
  vendor: optionalEnum(VENDOR_IDS as [string, ...string[]], "Unknown vendor"),
  domainId: z.preprocess(blankToUndefined, z.uuid("Unknown domain").optional()),
  needsReview: z.preprocess((v) => v === true || v === "1" || v === "true" || v === "on", z.boolean()),
  sort: z.preprocess(blankToUndefined, z.enum(SENDER_SORTS, { error: "Unknown sort" }).default("name")),
  dir: z.preprocess(
    blankToUndefined,
    z.enum(["asc", "desc"], { error: "Direction must be asc or desc" }).default("asc"),
  ),
  page: z.preprocess(
    blankToUndefined,
    z.coerce.number().int("Page must be a whole number").min(1, "Page must be at least 1").max(100_000).default(1),
  ),
  pageSize: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(5, "Page size is at least 5").max(100, "Page size is at most 100").default(25),
  ),
});

export type SenderListQuery = z.infer<typeof senderListQuerySchema>;
