import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

// How single sign-on is stored in the settings table (lib/settings/definitions.ts). The client
// secret is kept sealed (lib/server/crypto/seal.ts), never in clear.
export const ssoProviderSettingSchema = z.object({
  issuer: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]),
  clientId: z.string().max(300),
  clientSecretSealed: z.string().max(4000),
  scopes: z.string().max(500),
  label: z.string().max(80),
});

export const ssoMappingRuleSchema = z.object({
  group: z.string().trim().min(1, "A group name is required").max(300),
  role: z.enum(ROLES, { error: `Role must be one of ${ROLES.join(", ")}` }),
});

export const ssoMappingSchema = z.object({
  claim: z
    .string()
    .trim()
    .min(1, "The claim name is required")
    .max(100)
    .regex(/^[\w.:/-]+$/, "Letters, digits and . _ : / - only"),
  rules: z.array(ssoMappingRuleSchema).max(200, "At most 200 groups"),
});

export type SsoProviderSetting = z.infer<typeof ssoProviderSettingSchema>;
export type SsoMapping = z.infer<typeof ssoMappingSchema>;
