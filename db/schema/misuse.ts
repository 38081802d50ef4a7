import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { smtpCredentials } from "./credentials";
import { senders } from "./senders";

// Misuse detection (issue 15): the four rules a sender's traffic is judged by.
export const MISUSE_RULES = ["volume_spike", "new_source", "auth_failures", "rejected_from"] as const;
export type MisuseRule = (typeof MISUSE_RULES)[number];
export const MISUSE_REACTIONS = ["alert", "suspend"] as const;
export type MisuseReaction = (typeof MISUSE_REACTIONS)[number];

// Per sender and rule, what a detection does: alert only (the default, no row) or alert and engage
// the kill switch (the sender's, or the credential's for new_source and auth_failures).
export const senderMisuseReactions = pgTable(
  "sender_misuse_reactions",
  {
    senderId: uuid()
      .notNull()
      .references(() => senders.id),
    rule: text().$type<MisuseRule>().notNull(),
    reaction: text().$type<MisuseReaction>().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.senderId, t.rule] })],
);

// The source networks (/24 for IPv4, /64 for IPv6) each credential was used from, learned from
// accepted events: a network not in here, once the credential has learned, is "new".
export const credentialNetworks = pgTable(
  "credential_networks",
  {
    credentialId: uuid()
      .notNull()
      .references(() => smtpCredentials.id),
    network: text().notNull(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    uses: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.credentialId, t.network] })],
);

// Each detection once: (sender, rule, subject, window) is claimed by one insert, so replicas and
// repeated evaluations raise one alert and engage at most one kill switch per hour and condition.
// subject: "" for the sender's volume, a credential's network, a username.
export const misuseDetections = pgTable(
  "misuse_detections",
  {
    senderId: uuid().notNull(),
    rule: text().$type<MisuseRule>().notNull(),
    subject: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    detectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    value: bigint({ mode: "number" }).notNull(),
    baseline: text().notNull(),
    reaction: text().$type<MisuseReaction>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.senderId, t.rule, t.subject, t.windowStart] }),
    index("misuse_detections_detected_at_idx").on(t.detectedAt),
  ],
);

// Dormant credentials: the warning sent before one is disabled. basis = the last use (or, never
// used, the issue time) the warning was about: a use since makes the warning stale.
export const credentialDormancyWarnings = pgTable("credential_dormancy_warnings", {
  credentialId: uuid()
    .primaryKey()
    .references(() => smtpCredentials.id),
  basis: timestamp({ withTimezone: true }).notNull(),
  warnedAt: timestamp({ withTimezone: true }).notNull(),
  disableAt: timestamp({ withTimezone: true }).notNull(),
});

export type SenderMisuseReaction = typeof senderMisuseReactions.$inferSelect;
export type CredentialNetwork = typeof credentialNetworks.$inferSelect;
export type MisuseDetection = typeof misuseDetections.$inferSelect;
export type CredentialDormancyWarning = typeof credentialDormancyWarnings.$inferSelect;
