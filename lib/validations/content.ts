import { z } from "zod";
import {
  ATTACHMENT_ACTIONS,
  CONTENT_ACTIONS,
  DLP_DETECTORS,
  FILE_TYPE_NAMES,
  SCANNER_FAILURE_MODES,
  SPAM_ACTIONS,
} from "@/lib/content/labels";

export const MAX_SCAN_BYTES = 1024 * 1024 * 1024;
export const MIN_SCAN_BYTES = 1024;
export const MAX_ATTACHMENT_BYTES = 2_147_483_647;
export const MAX_SPAM_SCORE = 1000;
export const MAX_BLOCKED_EXTENSIONS = 200;
export const MAX_KEYWORDS = 200;
export const MAX_NEAR_WITHIN = 10_000;
export const MAX_MIN_COUNT = 1000;
export const MAX_PATTERN_LENGTH = 1000;
export const MAX_RULES_PER_PROFILE = 200;
// A pasted dry-run sample: each part at most this many characters.
export const MAX_SAMPLE_CHARS = 100_000;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
// Unicode category Cc: a name shows up in logs, audit entries and reject texts.
const CONTROL_CHARS = /\p{Cc}/u;

// Checkboxes post "on" (or nothing); API clients send booleans.
function toBool(v: unknown): unknown {
  if (v === "on" || v === "true" || v === "1") return true;
  if (v === "off" || v === "false" || v === "0" || v === "") return false;
  return v;
}
const flag = (label: string) => z.preprocess(toBool, z.boolean({ error: `${label} must be true or false` }));

const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label} is required` })
      .int(`${label} must be a whole number`)
      .min(min, `${label} must be at least ${min.toLocaleString("en-US")}`)
      .max(max, `${label} must be at most ${max.toLocaleString("en-US")}`),
  );

// A textarea posts one string (comma, semicolon or newline separated); an API client sends an array.
const listOf = <T extends z.ZodType>(item: T, max: number, label: string, separators = /[\n,;]+/) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(separators)
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z
      .array(item, { error: `${label} must be a list` })
      .max(max, `At most ${max} ${label.toLowerCase()}`)
      .transform((list) => [...new Set(list)] as z.output<T>[]),
  );

const nameSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(2, `${label} must be at least 2 characters`)
    .max(100, `${label} must be at most 100 characters`)
    .refine((v) => !CONTROL_CHARS.test(v), `${label} must not contain control characters`);

export const contentProfileIdSchema = z.uuid("Unknown content profile id");
export const dlpRuleIdSchema = z.uuid("Unknown DLP rule id");

// ---- Profiles --------------------------------------------------------------------------------

const extensionSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^\*?\.+/, ""))
  .refine((v) => /^[a-z0-9][a-z0-9_-]{0,15}$/.test(v), {
    message: "An extension is letters and digits without the dot, like exe or docm",
  });

export const attachmentRulesSchema = z.object(
  {
    blockedExtensions: listOf(extensionSchema, MAX_BLOCKED_EXTENSIONS, "Blocked extensions", /[\s,;]+/),
    blockedTypes: listOf(
      z.enum(FILE_TYPE_NAMES, { error: `Blocked types must be of: ${FILE_TYPE_NAMES.join(", ")}` }),
      FILE_TYPE_NAMES.length,
      "Blocked types",
    ),
    // Empty: no size limit of its own (the message size limit still applies).
    maxAttachmentBytes: z.preprocess(
      (v) => (v === "" || v === undefined ? null : v),
      z.coerce
        .number({ error: "Maximum attachment size must be a number of bytes" })
        .int("Maximum attachment size must be a whole number of bytes")
        .min(1, "Maximum attachment size must be at least 1 byte")
        .max(MAX_ATTACHMENT_BYTES, "Maximum attachment size must be below 2 GB")
        .nullable(),
    ),
    scanArchives: flag("Scan archives"),
    action: z.enum(ATTACHMENT_ACTIONS, { error: `Attachment action must be one of: ${ATTACHMENT_ACTIONS.join(", ")}` }),
  },
  { error: "Attachment rules must be an object" },
);

// The fields of a profile, each without a default: an update changes only those it names.
const profileFields = {
  name: nameSchema("Name"),
  description: z.string({ error: "Description must be text" }).trim().max(500, "Description is at most 500 characters"),
  virusScan: flag("Virus scanning"),
  spamScan: flag("Spam scanning"),
  spamScore: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Spam score is required" })
      .min(0, "Spam score must be at least 0")
      .max(MAX_SPAM_SCORE, `Spam score must be at most ${MAX_SPAM_SCORE}`),
  ),
  spamAction: z.enum(SPAM_ACTIONS, { error: `Spam action must be one of: ${SPAM_ACTIONS.join(", ")}` }),
  maxScanBytes: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Maximum scanned size is required" })
      .int("Maximum scanned size must be a whole number of bytes")
      .min(MIN_SCAN_BYTES, "Maximum scanned size must be at least 1 KB")
      .max(MAX_SCAN_BYTES, "Maximum scanned size must be at most 1 GB"),
  ),
  onScannerFailure: z.enum(SCANNER_FAILURE_MODES, { error: "When a scanner fails: defer or accept" }),
  attachmentRules: attachmentRulesSchema,
  defaultForInternal: flag("Default for internal senders"),
  defaultForSaas: flag("Default for SaaS senders"),
};

// Accepting unscanned mail must be said twice: onScannerFailure "accept" and this confirmation.
const confirmAcceptUnscanned = z.preprocess(toBool, z.boolean().optional());

export const createContentProfileSchema = z.object({
  name: profileFields.name,
  description: profileFields.description.default(""),
  virusScan: profileFields.virusScan.default(true),
  spamScan: profileFields.spamScan.default(true),
  spamScore: profileFields.spamScore.default(15),
  spamAction: profileFields.spamAction.default("reject"),
  maxScanBytes: profileFields.maxScanBytes.default(10 * 1024 * 1024),
  onScannerFailure: profileFields.onScannerFailure.default("defer"),
  confirmAcceptUnscanned,
  attachmentRules: attachmentRulesSchema.default({
    blockedExtensions: [],
    blockedTypes: [],
    maxAttachmentBytes: null,
    scanArchives: true,
    action: "reject",
  }),
  defaultForInternal: profileFields.defaultForInternal.default(false),
  defaultForSaas: profileFields.defaultForSaas.default(false),
});

// Only the fields sent change; attachmentRules may name some of its fields.
export const updateContentProfileSchema = z.object({
  profileId: contentProfileIdSchema,
  name: profileFields.name.optional(),
  description: profileFields.description.optional(),
  virusScan: profileFields.virusScan.optional(),
  spamScan: profileFields.spamScan.optional(),
  spamScore: profileFields.spamScore.optional(),
  spamAction: profileFields.spamAction.optional(),
  maxScanBytes: profileFields.maxScanBytes.optional(),
  onScannerFailure: profileFields.onScannerFailure.optional(),
  confirmAcceptUnscanned,
  attachmentRules: attachmentRulesSchema.partial().optional(),
  defaultForInternal: profileFields.defaultForInternal.optional(),
  defaultForSaas: profileFields.defaultForSaas.optional(),
});

export const deleteContentProfileSchema = z.object({ profileId: contentProfileIdSchema });

export type CreateContentProfileInput = z.infer<typeof createContentProfileSchema>;
export type UpdateContentProfileInput = z.infer<typeof updateContentProfileSchema>;
export type DeleteContentProfileInput = z.infer<typeof deleteContentProfileSchema>;
export type AttachmentRulesInput = z.infer<typeof attachmentRulesSchema>;

// ---- DLP rules --------------------------------------------------------------------------------

const keywordSchema = z
  .string()
  .trim()
  .min(1)
  .max(100, "A keyword is at most 100 characters")
  .refine((v) => !CONTROL_CHARS.test(v), "A keyword must not contain control characters");

const ruleFields = {
  name: nameSchema("Rule name"),
  detector: z.enum(DLP_DETECTORS, { error: `Detector must be one of: ${DLP_DETECTORS.join(", ")}` }),
  // detector regex: JavaScript syntax; refused at save when it can backtrack catastrophically.
  pattern: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Pattern must be text" })
      .max(MAX_PATTERN_LENGTH, `Pattern is at most ${MAX_PATTERN_LENGTH} characters`)
      .optional(),
  ),
  flags: z.preprocess(
    (v) => (v === null || v === undefined ? "" : v),
    z.string({ error: "Flags must be text" }).regex(/^[imsu]{0,4}$/, "Flags may only be i, m, s and u"),
  ),
  keywords: listOf(keywordSchema, MAX_KEYWORDS, "Keywords"),
  minCount: wholeNumber("Minimum count", 1, MAX_MIN_COUNT),
  // Optional context: one of these words within nearWithin characters of a match (empty: none).
  nearKeywords: listOf(keywordSchema, MAX_KEYWORDS, "Near keywords"),
  nearWithin: wholeNumber("Near distance (characters)", 1, MAX_NEAR_WITHIN),
  action: z.enum(CONTENT_ACTIONS, { error: `Action must be one of: ${CONTENT_ACTIONS.join(", ")}` }),
  enabled: flag("Enabled"),
};

export const dlpRuleFieldsSchema = z.object({
  name: ruleFields.name,
  detector: ruleFields.detector,
  pattern: ruleFields.pattern,
  flags: ruleFields.flags.default(""),
  keywords: ruleFields.keywords.default([]),
  minCount: ruleFields.minCount.default(1),
  nearKeywords: ruleFields.nearKeywords.default([]),
  nearWithin: ruleFields.nearWithin.default(300),
  action: ruleFields.action,
  enabled: ruleFields.enabled.default(true),
});

export type DlpRuleFields = z.infer<typeof dlpRuleFieldsSchema>;

export const createDlpRuleSchema = dlpRuleFieldsSchema.extend({ profileId: contentProfileIdSchema });

// Only the fields sent change; the merged rule is checked as a whole (pattern, keywords) when saved.
export const updateDlpRuleSchema = z.object({
  profileId: contentProfileIdSchema,
  ruleId: dlpRuleIdSchema,
  name: ruleFields.name.optional(),
  detector: ruleFields.detector.optional(),
  pattern: ruleFields.pattern,
  flags: ruleFields.flags.optional(),
  keywords: ruleFields.keywords.optional(),
  minCount: ruleFields.minCount.optional(),
  nearKeywords: ruleFields.nearKeywords.optional(),
  nearWithin: ruleFields.nearWithin.optional(),
  action: ruleFields.action.optional(),
  enabled: ruleFields.enabled.optional(),
});

export const deleteDlpRuleSchema = z.object({ profileId: contentProfileIdSchema, ruleId: dlpRuleIdSchema });

// The profile's rules in their new order: every rule of the profile, each once.
export const reorderDlpRulesSchema = z.object({
  profileId: contentProfileIdSchema,
  ruleIds: z
    .array(dlpRuleIdSchema, { error: "ruleIds must list the profile's rules" })
    .min(1, "ruleIds must list the profile's rules")
    .max(MAX_RULES_PER_PROFILE),
});

export type CreateDlpRuleInput = z.infer<typeof createDlpRuleSchema>;
export type UpdateDlpRuleInput = z.infer<typeof updateDlpRuleSchema>;
export type DeleteDlpRuleInput = z.infer<typeof deleteDlpRuleSchema>;
export type ReorderDlpRulesInput = z.infer<typeof reorderDlpRulesSchema>;

// ---- Dry run ----------------------------------------------------------------------------------

const samplePart = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} must be text` })
      .max(MAX_SAMPLE_CHARS, `${label} is at most ${MAX_SAMPLE_CHARS.toLocaleString("en-US")} characters`)
      .optional(),
  );

export const dlpSampleSchema = z
  .object({ subject: samplePart("Subject"), text: samplePart("Text"), html: samplePart("HTML") })
  .refine((s) => !!(s.subject || s.text || s.html), {
    message: "Paste a subject, a text or an HTML body to try the rules on",
    path: ["text"],
  });

// A profile's rules against a pasted sample (the disabled ones too when asked).
export const dryRunDlpSchema = z.object({
  profileId: contentProfileIdSchema,
  includeDisabled: z.preprocess(toBool, z.boolean().default(false)),
  sample: dlpSampleSchema,
});

export type DlpSample = z.infer<typeof dlpSampleSchema>;
export type DryRunDlpInput = z.infer<typeof dryRunDlpSchema>;
