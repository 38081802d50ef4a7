import { z } from "zod";
import { ssoMappingRuleSchema } from "@/lib/auth/sso/sso-schemas";

// The SSO provider form (Settings). An empty clientSecret keeps the stored one; clearSecret drops it.
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export const ssoProviderInputSchema = z.object({
  issuer: z.union([
    z.literal(""),
    z
      .url({ protocol: /^https?$/, error: "Issuer must be an http(s) URL (the provider's issuer identifier)" })
      .refine(
        (url) => new URL(url).protocol === "https:" || LOOPBACK.has(new URL(url).hostname),
        "Issuer must use https (plain http only for a provider on this machine)",
      ),
  ]),
  clientId: z.string().trim().max(300, "Client id: at most 300 characters"),
  clientSecret: z.string().max(2000, "Client secret: at most 2000 characters").optional().default(""),
  clearSecret: z.boolean().optional().default(false),
  scopes: z
    .string()
    .trim()
    .max(500)
    .regex(/^[\x21-\x7e ]*$/, "Scopes: printable characters separated by spaces")
    .refine((s) => s === "" || s.split(/\s+/).includes("openid"), "Scopes must include openid"),
  label: z.string().trim().max(80, "Button label: at most 80 characters"),
});
export type SsoProviderInput = z.infer<typeof ssoProviderInputSchema>;

// The group → role table; rules arrive as rows from the form.
export const ssoMappingInputSchema = z.object({
  claim: z
    .string()
    .trim()
    .min(1, "The claim name is required")
    .max(100, "Claim name: at most 100 characters")
    .regex(/^[\w.:/-]+$/, "Claim name: letters, digits and . _ : / - only"),
  rules: z
    .array(ssoMappingRuleSchema)
    .max(200, "At most 200 groups")
    .refine((rules) => new Set(rules.map((r) => r.group)).size === rules.length, "Each group may appear once"),
});
export type SsoMappingInput = z.infer<typeof ssoMappingInputSchema>;

export const ssoRecheckInputSchema = z.object({
  minutes: z.coerce
    .number({ error: "Minutes must be a number" })
    .min(0, "At least 0 (0 = at every request)")
    .max(24 * 60, "At most 1440 minutes"),
});
export type SsoRecheckInput = z.infer<typeof ssoRecheckInputSchema>;
