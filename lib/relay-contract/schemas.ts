import { z } from "zod";

// The relay contract, /api/relay/v1 (ARCHITECTURE.md). Relays authenticate with
// `Authorization: Bearer syrelay_…`. The control plane validates with these schemas and the
// OpenAPI document is generated from them; the reference relay (relay/) speaks the same JSON.

export const RELAY_API_PREFIX = "/api/relay/v1";
export const MAX_POLL_WAIT_S = 30;
export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_EVENTS_BATCH_BYTES = 2 * 1024 * 1024;
// An aggregated refusal stands for at most this many attempts (one client IP, one minute).
export const MAX_EVENT_COUNT = 1_000_000;
export const MAX_HEARTBEAT_WARNINGS = 20;
export const MAX_HEARTBEAT_WARNING_LENGTH = 500;

// ---- GET /policy (ETag: "<version>", If-None-Match → 304, ?wait=N long-poll) -----------------

export const killSwitchScopeSchema = z.enum(["global", "sender", "credential", "domain"]);

export const policyKillSwitchSchema = z.object({
  id: z.uuid(),
  scope: killSwitchScopeSchema,
  // sender id, credential id, or domain name (ASCII); null for global.
  target: z.string().nullable(),
  reason: z.string(),
  engagedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
});

export const policyCredentialSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  // SHA-256 hex of the secret.
  verifier: z.string().regex(/^[0-9a-f]{64}$/),
  expiresAt: z.iso.datetime().nullable(),
  // Narrows the sender's CIDRs; empty = the sender's.
  cidrs: z.array(z.string()),
});

export const policySenderSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  // ASCII domains the sender may use in envelope and header From.
  fromDomains: z.array(z.string()),
  // Exact addresses or "*@domain"; empty = any address at fromDomains.
  fromAddresses: z.array(z.string()),
  // Source networks; empty = any.
  cidrs: z.array(z.string()),
  rateLimitPerMinute: z.number().int(),
  rateLimitPerDay: z.number().int(),
  credentials: z.array(policyCredentialSchema),
  // The content profile that applies to its mail (its own or its kind's default); null = no content checks.
  contentProfileId: z.uuid().nullable().optional(),
});

export const policyDomainSchema = z.object({
  id: z.uuid(),
  domain: z.string(),
  dkim: z
    .object({
      selector: z.string(),
      algorithm: z.enum(["rsa", "ed25519"]),
      privateKeyPem: z.string(),
    })
    .nullable(),
});

// ---- Content security (issue 13): profiles, rules, quarantine commands ---------------------------

export const contentActionSchema = z.enum(["reject", "quarantine", "tag", "require_tls"]);

// The shape relay/plugin/lib/content/dlp.js scans with (and the dashboard's dry run).
export const policyDlpRuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  detector: z.enum(["card", "iban", "regex", "keywords"]),
  pattern: z.string().optional(),
  flags: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  minCount: z.number().int().min(1),
  near: z
    .object({ keywords: z.array(z.string()), within: z.number().int().min(1) })
    .nullable()
    .optional(),
  action: contentActionSchema,
});

// The shape relay/plugin/lib/content/attachments.js inspects with.
export const policyAttachmentRulesSchema = z.object({
  blockedExtensions: z.array(z.string()),
  blockedTypes: z.array(z.string()),
  maxAttachmentBytes: z.number().int().min(1).nullable(),
  scanArchives: z.boolean(),
  action: z.enum(["reject", "quarantine", "tag"]),
});

export const policyContentProfileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  virusScan: z.boolean(),
  spamScan: z.boolean(),
  // rspamd score at or above which spamAction applies.
  spamScore: z.number(),
  spamAction: z.enum(["reject", "quarantine", "tag"]),
  maxScanBytes: z.number().int().min(1),
  // A scanner that cannot answer: defer (451) or accept unscanned (the relay then raises a warning).
  onScannerFailure: z.enum(["defer", "accept"]),
  attachments: policyAttachmentRulesSchema,
  dlpRules: z.array(policyDlpRuleSchema),
});

// What the control plane tells one relay to do with a message it holds in quarantine.
export const quarantineCommandSchema = z.object({
  id: z.uuid(),
  relayId: z.uuid(),
  action: z.enum(["release", "delete"]),
});

// ---- Suppression list (issue 15) -----------------------------------------------------------------

// Hex digits of SHA-256 of the lower-cased recipient address a suppression entry carries.
export const SUPPRESSION_KEY_HEX_LENGTH = 16;
export const suppressionReasonSchema = z.enum(["hard_bounce", "complaint", "manual"]);

// [address key, suppressed since (Unix seconds), reason, expires (Unix seconds) or null]: a tuple,
// because the list can hold hundreds of thousands of entries and every relay fetches it whole.
export const policySuppressionEntrySchema = z.tuple([
  z.string().regex(new RegExp(`^[0-9a-f]{${SUPPRESSION_KEY_HEX_LENGTH}}$`)),
  z.number().int(),
  suppressionReasonSchema,
  z.number().int().nullable(),
]);

// Recipients refused at RCPT (550 5.1.1): for every sender (global) and per sender id.
export const policySuppressionsSchema = z.object({
  global: z.array(policySuppressionEntrySchema),
  senders: z.record(z.string(), z.array(policySuppressionEntrySchema)),
});

export type PolicySuppressionEntry = z.infer<typeof policySuppressionEntrySchema>;
export type PolicySuppressions = z.infer<typeof policySuppressionsSchema>;

export const policySnapshotSchema = z.object({
  version: z.number().int(),
  generatedAt: z.iso.datetime(),
  killSwitches: z.array(policyKillSwitchSchema),
  senders: z.array(policySenderSchema),
  domains: z.array(policyDomainSchema),
  // RCPT past this many recipients of one message answers 452 4.5.3 (setting relay.maxRecipientsPerMessage; relays default to 100).
  maxRecipientsPerMessage: z.number().int().min(1).optional(),
  // Base64 HMAC key for the X-Switchyard-Tag relays add to each message (complaints are matched by it).
  messageTagKey: z.string().optional(),
  contentProfiles: z.array(policyContentProfileSchema).optional(),
  // Recipient domains that receive only over TLS with a valid certificate (setting tls.requiredDomains).
  tlsRequiredDomains: z.array(z.string()).optional(),
  // Pending release/delete commands, for every relay (each acts on its own relayId); they ride on the
  // policy's long-poll so a release reaches the holding relay within a second.
  quarantineCommands: z.array(quarantineCommandSchema).optional(),
  // Suppressed recipients (hard bounces, complaints, added by hand); absent from older control planes.
  suppressions: policySuppressionsSchema.optional(),
});

export const policyQuerySchema = z.object({
  wait: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : Number(v)),
    z
      .number({ error: "wait must be a number of seconds" })
      .int("wait must be whole seconds")
      .min(0)
      .max(MAX_POLL_WAIT_S, `wait must be at most ${MAX_POLL_WAIT_S} seconds`)
      .optional(),
  ),
});

// ---- POST /events -----------------------------------------------------------------------

export const eventTypeSchema = z.enum(["accepted", "rejected", "delivered", "deferred", "bounced", "complained"]);
export const rejectReasonSchema = z.enum([
  "auth",
  "kill_switch",
  "domain",
  "rate",
  "policy",
  "source",
  "stale_policy",
  // Content (issue 13): a virus, spam over the profile's score, a DLP rule, an attachment rule, a
  // scanner that could not answer (451), or a TLS-required message that found no valid TLS.
  "virus",
  "spam",
  "dlp",
  "attachment",
  "scanner",
  "tls",
  // A recipient on the suppression list (issue 15): RCPT refused 550 5.1.1.
  "suppressed",
]);

export const relayEventSchema = z
  .object({
    // Made by the relay, unique per event: a retried batch is deduplicated on it.
    id: z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, "id must be 8-100 characters of A-Z a-z 0-9 . _ : -"),
    type: eventTypeSchema,
    at: z.iso.datetime({ offset: true }),
    messageId: z.string().max(998).nullable().optional(),
    queueId: z.string().max(200).nullable().optional(),
    senderId: z.uuid().nullable().optional(),
    credentialId: z.uuid().nullable().optional(),
    username: z.string().max(200).nullable().optional(),
    clientIp: z.string().max(64).nullable().optional(),
    from: z.string().max(320).nullable().optional(),
    recipient: z.string().max(320).nullable().optional(),
    reason: rejectReasonSchema.nullable().optional(),
    smtpCode: z.number().int().min(200).max(599).nullable().optional(),
    enhancedCode: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/)
      .nullable()
      .optional(),
    bounceType: z.enum(["hard", "soft"]).nullable().optional(),
    detail: z.string().max(1000).nullable().optional(),
    // Whether the message went (delivered) or tried to go (deferred) to the next hop over TLS;
    // null or absent when the relay does not know. Only meaningful on delivered and deferred events.
    tls: z.boolean().nullable().optional(),
    policyVersion: z.number().int().nullable().optional(),
    // Optional; when present it must be the token's relay (the control plane always takes it from the token).
    relayId: z.uuid().optional(),
    // How many attempts this event stands for: the relay aggregates unauthenticated refusals per client IP and minute.
    count: z.number().int().min(1).max(MAX_EVENT_COUNT, `count must be at most ${MAX_EVENT_COUNT}`).optional(),
  })
  .refine((e) => e.type !== "rejected" || !!e.reason, { message: "a rejected event needs a reason", path: ["reason"] })
  .refine((e) => e.type !== "bounced" || !!e.bounceType, {
    message: "a bounced event needs bounceType hard or soft",
    path: ["bounceType"],
  })
  .refine((e) => e.tls === undefined || e.tls === null || e.type === "delivered" || e.type === "deferred", {
    message: "only delivered and deferred events say whether TLS was used",
    path: ["tls"],
  })
  .refine((e) => (e.count ?? 1) === 1 || e.type === "rejected", {
    message: "only rejected events may stand for several attempts",
    path: ["count"],
  });

export type RelayEvent = z.infer<typeof relayEventSchema>;

// The batch envelope only; each event is validated on its own so one bad event does not lose the rest.
export const eventBatchSchema = z.object({
  // Optional; when present it must be the token's relay (403 otherwise).
  relayId: z.uuid().optional(),
  events: z
    .array(z.unknown())
    .min(1, "events must not be empty")
    .max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per batch`),
});

export type EventBatch = z.infer<typeof eventBatchSchema>;

export const eventBatchResultSchema = z.object({
  accepted: z.number().int().describe("events new to the control plane"),
  duplicates: z.number().int().describe("events already received (retried batch)"),
  invalid: z.array(
    z.object({ index: z.number().int(), id: z.string().nullable(), errors: z.record(z.string(), z.array(z.string())) }),
  ),
});

// ---- POST /heartbeat ----------------------------------------------------------------------

export const heartbeatSchema = z.object({
  softwareVersion: z.string().min(1).max(200),
  policyVersion: z.number().int().min(0).nullable(),
  policyAppliedAt: z.iso.datetime().nullable(),
  queueDepth: z.number().int().min(0),
  spoolDepth: z.number().int().min(0).default(0),
  listen: z.string().max(200).optional(),
  // What the relay wants an operator to see (a policy entry it skipped, its spool full, …).
  warnings: z.array(z.string().max(MAX_HEARTBEAT_WARNING_LENGTH)).max(MAX_HEARTBEAT_WARNINGS).default([]),
  // The relay's content scanners: up or down, version and signature date (clamd).
  scanners: z
    .array(
      z.object({
        name: z.enum(["clamd", "rspamd"]),
        up: z.boolean(),
        version: z.string().max(200).nullable(),
        signatureDate: z.string().max(100).nullable(),
        detail: z.string().max(MAX_HEARTBEAT_WARNING_LENGTH).nullable(),
      }),
    )
    .max(10)
    .default([]),
  // How the relay counts rate limits (optional: older relays do not report it).
  rateLimits: z
    .object({
      mode: z.enum(["local", "shared", "fallback"]),
      divisor: z.number().int().min(1).max(10_000),
      detail: z.string().max(MAX_HEARTBEAT_WARNING_LENGTH).nullable(),
    })
    .optional(),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;

// What POST /heartbeat answers: liveRelays is how many relays have sent a heartbeat recently (this
// one included), the share a relay takes of each limit while its shared counters are unreachable.
export const heartbeatResultSchema = z.object({
  receivedAt: z.iso.datetime(),
  liveRelays: z.number().int().min(1),
});

// ---- POST /quarantine (a held message) and POST /quarantine/{id}/settled ------------------------

export const MAX_QUARANTINE_HEADERS = 200;

// A finding as the relay reports it: samples are redacted on the relay, never the matched data.
export const contentFindingSchema = z.object({
  kind: z.enum(["dlp", "attachment", "virus", "spam"]),
  ruleId: z.string().max(100).optional(),
  ruleName: z.string().max(200),
  action: z.string().max(20),
  where: z.string().max(300),
  count: z.number().int().min(0),
  samples: z.array(z.object({ redacted: z.string().max(500), context: z.string().max(1000) })).max(10),
});

export const quarantineReportSchema = z.object({
  // Made by the relay when it stores the message: a repeated report is deduplicated on it.
  id: z.uuid(),
  queueId: z.string().max(200).nullable(),
  messageId: z.string().max(998).nullable(),
  senderId: z.uuid().nullable(),
  credentialId: z.uuid().nullable(),
  from: z.string().max(320).nullable(),
  recipients: z.array(z.string().max(320)).max(10000),
  subject: z.string().max(998).nullable(),
  sizeBytes: z.number().int().min(0),
  verdict: z.string().max(300),
  findings: z.array(contentFindingSchema).max(50),
  headers: z.array(z.tuple([z.string().max(200), z.string().max(4000)])).max(MAX_QUARANTINE_HEADERS),
  receivedAt: z.iso.datetime({ offset: true }),
});

// released: handed to the relay's outbound queue (queueId: its new queue id); delivered: that
// delivery succeeded; deleted: removed from the store. Idempotent: the same report twice is one.
export const quarantineSettledSchema = z.object({
  outcome: z.enum(["released", "delivered", "deleted"]),
  queueId: z.string().max(200).nullable().optional(),
  at: z.iso.datetime({ offset: true }),
});

export type PolicyContentProfile = z.infer<typeof policyContentProfileSchema>;
export type QuarantineReport = z.infer<typeof quarantineReportSchema>;
export type QuarantineSettled = z.infer<typeof quarantineSettledSchema>;
