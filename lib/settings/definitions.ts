import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { ssoMappingSchema, ssoProviderSettingSchema } from "@/lib/auth/sso/sso-schemas";
import { watchDirProblem } from "@/lib/dmarc/watch-dir-location";
import { domainNameSchema } from "@/lib/validations/network";

// The DMARC watch directory: off (""), or a directory outside the data directory.
function refuseDataDir(dir: string, ctx: z.RefinementCtx): void {
  const problem = dir ? watchDirProblem(dir) : null;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}

// Every setting, its schema and default. Stored values override defaults (settings table).
// secret: true = a credential (a webhook URL carries one): never shown back, never in the audit log.
export const SETTINGS = {
  // Relay egress addresses: what the SPF record authorizes (ip4:/ip6: mechanisms).
  "relay.egressAddresses": {
    schema: z.array(z.string()).max(50),
    default: ["192.0.2.10"] as string[],
    label: "Relay egress addresses (SPF)",
  },
  // Where senders submit mail: shown in onboarding guidance.
  "relay.submissionHost": {
    schema: z.string().min(1).max(253),
    default: "relay.example.com",
    label: "Relay submission host",
  },
  "relay.submissionPort": { schema: z.number().int().min(1).max(65535), default: 587, label: "Relay submission port" },
  // Carried in the policy snapshot (policy: true → changing it bumps the policy version).
  "relay.maxRecipientsPerMessage": {
    schema: z.number().int().min(1).max(10000),
    default: 100 as number,
    label: "Maximum recipients per message (relays answer 452 past it)",
    policy: true,
  },
  // Recipient domains that receive only over TLS with a valid certificate; relays defer such mail
  // rather than send it in clear. Stored in ASCII (IDNs as punycode). In the policy snapshot.
  "tls.requiredDomains": {
    schema: z
      .array(domainNameSchema)
      .max(500, "At most 500 domains")
      .transform((list) => [...new Set(list)]),
    default: [] as string[],
    label: "Recipient domains that require TLS (deferred, never sent in clear)",
    policy: true,
  },
  // Held messages (held or awaiting release) older than this expire: relays are told to delete them.
  "quarantine.retentionDays": {
    schema: z.number().int().min(1).max(365),
    default: 14 as number,
    label: "Quarantine retention (days)",
  },
  "dmarc.reportEmail": {
    schema: z.email(),
    default: "dmarc-reports@example.com",
    label: "Default DMARC aggregate report address",
  },
  "credentials.defaultExpiryDays": {
    schema: z.number().int().min(1).max(3650),
    default: 90,
    label: "Default credential lifetime (days)",
  },
  "credentials.maxExpiryDays": {
    schema: z.number().int().min(1).max(3650),
    default: 365,
    label: "Maximum credential lifetime (days)",
  },
  "credentials.defaultOverlapHours": {
    schema: z
      .number()
      .int()
      .min(0)
      .max(24 * 30),
    default: 72,
    label: "Default rotation overlap (hours)",
  },
  "dkim.defaultOverlapDays": {
    schema: z.number().int().min(0).max(90),
    default: 7,
    label: "Default DKIM rotation overlap (days)",
  },
  // Alerts: a Slack-compatible incoming webhook ("" = in-app only).
  "alerts.webhookUrl": {
    schema: z.union([z.literal(""), z.url({ protocol: /^https?$/ })]),
    default: "" as string,
    label: "Alert webhook URL (Slack-compatible)",
    secret: true,
  },
  // Reputation thresholds (defaults: Amazon SES review/pause levels). Percentages.
  "reputation.bounceWarnPct": {
    schema: z.number().min(0).max(100),
    default: 5 as number,
    label: "Bounce rate warning (%)",
  },
  "reputation.bounceSuspendPct": {
    schema: z.number().min(0).max(100),
    default: 10 as number,
    label: "Bounce rate suspension (%)",
  },
  "reputation.complaintWarnPct": {
    schema: z.number().min(0).max(100),
    default: 0.1 as number,
    label: "Complaint rate warning (%)",
  },
  "reputation.complaintSuspendPct": {
    schema: z.number().min(0).max(100),
    default: 0.5 as number,
    label: "Complaint rate suspension (%)",
  },
  "reputation.minVolume": {
    schema: z.number().int().min(1),
    default: 100 as number,
    label: "Minimum messages before judging a sender",
  },
  "reputation.windowHours": {
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    default: 24 as number,
    label: "Reputation window (hours)",
  },
  "reputation.autoSuspendDefault": {
    schema: z.boolean(),
    default: true as boolean,
    label: "Auto-suspend senders that cross a suspension threshold",
  },
  "retention.rawEventsDays": {
    schema: z.number().int().min(1).max(3650),
    default: 30 as number,
    label: "Raw event retention (days)",
  },
  "retention.rollupMonths": {
    schema: z.number().int().min(1).max(120),
    default: 13 as number,
    label: "Rollup retention (months)",
  },
  "dns.checkIntervalMinutes": {
    schema: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    default: 60 as number,
    label: "DNS health check interval (minutes)",
  },
  "dmarc.watchDir": {
    schema: z.string().max(500).superRefine(refuseDataDir),
    default: "" as string,
    label: 'Directory watched for DMARC reports ("" = off)',
  },
  "dmarc.unknownSourceAlertVolume": {
    schema: z.number().int().min(1),
    default: 100 as number,
    label: "Alert on an unknown DMARC source above this many messages",
  },
  // Bearer token for GET /api/metrics ("" = endpoint off; SWITCHYARD_METRICS_TOKEN wins). Store
  // "sha256:<hex>" of the token rather than the token itself to keep it out of the database.
  "metrics.token": {
    schema: z.union([
      z.literal(""),
      z
        .string()
        .min(24, "At least 24 characters")
        .max(200)
        .regex(/^[\x21-\x7e]+$/, "Printable characters, no spaces"),
    ]),
    default: "" as string,
    label: 'Metrics scrape token ("" = /api/metrics off)',
    secret: true,
  },
  // Single sign-on (lib/auth/sso): edited in the Settings page's own SSO section (section: "sso"),
  // never through the generic row; the client secret is stored sealed and never shown back.
  "sso.provider": {
    schema: ssoProviderSettingSchema,
    default: { issuer: "", clientId: "", clientSecretSealed: "", scopes: "openid email profile", label: "" } as {
      issuer: string;
      clientId: string;
      clientSecretSealed: string;
      scopes: string;
      label: string;
    },
    label: "Single sign-on provider (OIDC)",
    section: "sso",
  },
  "sso.mapping": {
    schema: ssoMappingSchema,
    default: { claim: "groups", rules: [] } as { claim: string; rules: { group: string; role: Role }[] },
    label: "Single sign-on: group → role mapping",
    section: "sso",
  },
  // How old the role taken from the provider's claims may get before a request re-reads them.
  "sso.roleRecheckMinutes": {
    schema: z
      .number()
      .min(0)
      .max(24 * 60),
    default: 5 as number,
    label: "Re-read an SSO user's groups after (minutes)",
    section: "sso",
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["default"];
