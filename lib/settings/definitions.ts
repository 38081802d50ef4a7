import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ssoMappingSchema, ssoProviderSettingSchema } from "@/lib/auth/sso/sso-schemas";
import { watchDirProblem } from "@/lib/dmarc/watch-dir-location";
import { domainNameSchema } from "@/lib/validations/network";
import { sealSettingSecret } from "./sealed-setting";

// The DMARC watch directory: off (""), or a directory outside the data directory.
function refuseDataDir(dir: string, ctx: z.RefinementCtx): void {
  const problem = dir ? watchDirProblem(dir) : null;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}

// Every setting, its schema and default. Stored values override defaults (settings table).
// secret: true = a credential (a webhook URL carries one): never shown back, never in the audit log.
export const SETTINGS = {
  // Who may sign in with a password: everyone, or (single sign-on in place) only break-glass admins.
  // Refused while no active break-glass admin exists (lib/auth/break-glass.ts).
  "auth.localSignIn": {
    schema: z.enum(["everyone", "break_glass_only"], { error: 'Choose "everyone" or "break_glass_only"' }),
    default: "everyone" as "everyone" | "break_glass_only",
    label: "Local (password) sign-in",
    options: ["everyone", "break_glass_only"],
  },
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
  // Suppression list (issue 15): recipients that hard-bounced or complained are refused at RCPT for
  // this many days, for the sender that mailed them ("sender") or for every sender ("global").
  "suppression.scope": {
    schema: z.enum(["sender", "global"], { error: 'Scope must be "sender" or "global"' }),
    default: "sender" as "sender" | "global",
    label: 'Suppress bounced/complaining recipients per sender or for every sender ("sender" | "global")',
  },
  "suppression.days": {
    schema: z.number().int().min(1).max(3650),
    default: 30 as number,
    label: "Suppression period (days)",
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
  // Dormant credentials (issue 15): disabled automatically by the system, the owner warned
  // DORMANCY_WARNING_DAYS before. 0 = off.
  "credentials.dormantDisableDays": {
    schema: z.number().int().min(0).max(3650),
    default: 90 as number,
    label: "Disable credentials unused for this many days (0 = never)",
  },
  "credentials.neverUsedDisableDays": {
    schema: z.number().int().min(0).max(3650),
    default: 30 as number,
    label: "Disable credentials never used this many days after issue (0 = never)",
  },
  // Misuse detection (issue 15): a volume spike is the last hour's accepted messages above
  // misuse.volumeFactor × the sender's usual hourly volume and at least misuse.volumeFloor.
  "misuse.volumeFloor": {
    schema: z.number().int().min(1).max(10_000_000),
    default: 50 as number,
    label: "Misuse detection: ignore volume spikes below this many messages per hour",
  },
  "misuse.volumeFactor": {
    schema: z.number().min(1.5).max(1000),
    default: 5 as number,
    label: "Misuse detection: a volume spike is this many times the usual hourly volume",
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
  // Roles whose local (password) accounts must use a second factor (TOTP): until they enrol they
  // reach only Account → Two-factor. Single sign-on accounts are exempt (the provider does MFA).
  "mfa.requiredRoles": {
    schema: z
      .array(z.enum(ROLES, { error: `Roles are: ${ROLES.join(", ")}` }))
      .max(ROLES.length)
      .transform((list) => [...new Set(list)]),
    default: ["admin", "security"] as Role[],
    label: 'Roles that must use two-factor sign-in, local accounts ("" = none)',
  },
  // Dangerous actions (global kill switch, approvals, admin tokens) need a sign-in this recent.
  "auth.stepUpMinutes": {
    schema: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    default: 15 as number,
    label: "Re-authentication window for dangerous actions (minutes)",
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
  // Notification mail (re-certification links, owner warnings), sent by SMTP through a relay with a
  // credential of the control plane's own "Switchyard notifications" sender. Host "" = mail off.
  "notify.smtpHost": {
    schema: z.string().trim().max(253),
    default: "" as string,
    label: 'Notification mail: SMTP host (a relay; "" = off)',
  },
  "notify.smtpPort": {
    schema: z.number().int().min(1).max(65535),
    default: 587 as number,
    label: "Notification mail: SMTP port",
  },
  "notify.smtpUser": {
    schema: z.string().trim().max(200),
    default: "" as string,
    label: 'Notification mail: SMTP username ("" = no AUTH)',
  },
  // Stored sealed (AES-GCM, lib/server/crypto/seal.ts): a clear value is sealed when saved.
  "notify.smtpPassword": {
    schema: z.string().max(2000).transform(sealSettingSecret),
    default: "" as string,
    label: "Notification mail: SMTP password",
    secret: true,
  },
  "notify.smtpTlsVerify": {
    schema: z.boolean(),
    default: true as boolean,
    label: "Notification mail: verify the relay's TLS certificate",
  },
  "notify.from": {
    schema: z.union([z.literal(""), z.email()]),
    default: "" as string,
    label: "Notification mail: From address",
  },
  // Re-certification: links in the owners' mail start with this address (the dashboard's public URL).
  "recertification.linkBaseUrl": {
    schema: z.url({ protocol: /^https?$/ }),
    default: "http://localhost:3000" as string,
    label: "Re-certification: dashboard address used in links",
  },
  "recertification.linkValidityDays": {
    schema: z.number().int().min(1).max(90),
    default: 14 as number,
    label: "Re-certification: link validity (days)",
  },
  "recertification.extendMonths": {
    schema: z.number().int().min(1).max(36),
    default: 12 as number,
    label: "Re-certification: a confirmation moves the review date by (months)",
  },
  "recertification.autoSuspendAfterDays": {
    schema: z.number().int().min(0).max(3650),
    default: 0 as number,
    label: "Re-certification: suspend senders this many days past their review date (0 = off)",
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
