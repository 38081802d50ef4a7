import { z } from "zod";
import { emailSchema } from "./auth";
import {
  DKIM_ALGORITHMS,
  DKIM_DEFAULT_RSA_BITS,
  DKIM_MAX_OVERLAP_DAYS,
  DKIM_MIN_RSA_BITS,
  DKIM_RSA_BITS,
} from "./dkim-options";
import { domainNameSchema } from "./network";

export * from "./dkim-options";

// Form fields arrive as strings; an empty field means "not given" (use the default).
const emptyToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);
const numberFromForm = (v: unknown) =>
  typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : emptyToUndefined(v);

export const dkimAlgorithmSchema = z.enum(DKIM_ALGORITHMS, { error: "Algorithm must be rsa or ed25519" });

export const dkimBitsSchema = z.number({ error: "Key size must be a number of bits" }).superRefine((bits, ctx) => {
  if (!Number.isInteger(bits)) ctx.addIssue({ code: "custom", message: "Key size must be a whole number of bits" });
  else if (bits < DKIM_MIN_RSA_BITS)
    ctx.addIssue({
      code: "custom",
      message: `RSA keys under ${DKIM_MIN_RSA_BITS} bits are refused: receivers ignore their signatures (RFC 8301). Use ${DKIM_DEFAULT_RSA_BITS}.`,
    });
  else if (!(DKIM_RSA_BITS as readonly number[]).includes(bits))
    ctx.addIssue({ code: "custom", message: `Key size must be one of ${DKIM_RSA_BITS.join(", ")} bits` });
});

// One DNS label, lowercased: it becomes <selector>._domainkey.<domain>.
export const dkimSelectorSchema = z
  .string({ error: "Selector must be text" })
  .trim()
  .toLowerCase()
  .min(1, "Selector is required")
  .max(63, "A selector is at most 63 characters (one DNS label)")
  .regex(
    /^(?!-)[a-z0-9-]+(?<!-)$/,
    "A selector is one DNS label: letters, digits and hyphens, not starting or ending with a hyphen (like sy2026a)",
  );

const keyOptions = {
  algorithm: z.preprocess(emptyToUndefined, dkimAlgorithmSchema.default("rsa")),
  // Only meaningful for RSA (default 2048); ignored for Ed25519, whose size is fixed.
  bits: z.preprocess(numberFromForm, dkimBitsSchema.optional()),
  // Empty: a date-based name like sy2026a, the first one unused on this domain.
  selector: z.preprocess(emptyToUndefined, dkimSelectorSchema.optional()),
};

const domainIdSchema = z.uuid("Unknown domain id");
const keyIdSchema = z.uuid("Unknown key id");

export const addDomainSchema = z.object({
  domain: z.string({ error: "Domain is required" }).trim().min(1, "Domain is required").pipe(domainNameSchema),
  // Empty: the deployment default (setting dmarc.reportEmail).
  dmarcReportEmail: z.preprocess(emptyToUndefined, emailSchema.optional()),
  ...keyOptions,
});

export const generateDkimKeySchema = z.object({ domainId: domainIdSchema, ...keyOptions });

export const rotateDkimKeySchema = z.object({
  domainId: domainIdSchema,
  // A staged key (generated earlier, already in DNS) to activate; empty: generate a new one now.
  keyId: z.preprocess(emptyToUndefined, keyIdSchema.optional()),
  ...keyOptions,
  // How long the old key stays published; empty: the setting dkim.defaultOverlapDays.
  overlapDays: z.preprocess(
    numberFromForm,
    z
      .number({ error: "Overlap must be a number of days" })
      .int("Overlap must be a whole number of days")
      .min(0, "Overlap cannot be negative")
      .max(DKIM_MAX_OVERLAP_DAYS, `Overlap is at most ${DKIM_MAX_OVERLAP_DAYS} days`)
      .optional(),
  ),
});

export const retireDkimKeySchema = z.object({
  keyId: keyIdSchema,
  reason: z
    .string({ error: "Give a reason" })
    .trim()
    .min(3, "Give a reason (at least 3 characters)")
    .max(500, "Reason must be at most 500 characters"),
});

export const getDomainSchema = z.object({ id: domainIdSchema });

export type AddDomainInput = z.infer<typeof addDomainSchema>;
export type GenerateDkimKeyInput = z.infer<typeof generateDkimKeySchema>;
export type RotateDkimKeyInput = z.infer<typeof rotateDkimKeySchema>;
export type RetireDkimKeyInput = z.infer<typeof retireDkimKeySchema>;
