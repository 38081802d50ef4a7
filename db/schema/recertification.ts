import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { senders } from "./senders";
import { users } from "./users";

// Re-certification (issue 15 item 2): security starts a campaign; each sender's owner gets a link with
// a single-use token (only its SHA-256 verifier is stored) to confirm the sender is still needed.
export const recertificationCampaigns = pgTable("recertification_campaigns", {
  id: uuid().primaryKey().defaultRandom(),
  startedBy: uuid().references(() => users.id),
  startedByLabel: text().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  // Senders whose review date falls within this many days (null = every sender in use).
  dueWithinDays: integer(),
  senderCount: integer().notNull().default(0),
  mailedCount: integer().notNull().default(0),
  failedCount: integer().notNull().default(0),
});

export const recertificationOutcomeEnum = pgEnum("recertification_outcome", ["confirmed", "no_longer_needed"]);

// One link sent to one owner for one sender.
export const recertificationRequests = pgTable(
  "recertification_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => recertificationCampaigns.id, { onDelete: "cascade" }),
    senderId: uuid()
      .notNull()
      .references(() => senders.id, { onDelete: "cascade" }),
    recipientEmail: text().notNull(),
    // hex SHA-256 of the token in the link; the token itself is never stored.
    tokenVerifier: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    // sent | failed
    mailStatus: text().notNull().default("sent"),
    mailError: text(),
  },
  (t) => [
    uniqueIndex("recertification_requests_token_idx").on(t.tokenVerifier),
    index("recertification_requests_sender_idx").on(t.senderId),
    index("recertification_requests_campaign_idx").on(t.campaignId),
  ],
);

// What an owner answered: who (the link's recipient), when, from where, and what they saw.
export const recertifications = pgTable(
  "recertifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => recertificationRequests.id, { onDelete: "cascade" }),
    senderId: uuid()
      .notNull()
      .references(() => senders.id, { onDelete: "cascade" }),
    senderName: text().notNull(),
    outcome: recertificationOutcomeEnum().notNull(),
    confirmedBy: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    // The scope shown on the confirmation page (From domains, addresses, networks, status, revision).
    scope: jsonb().notNull(),
    reviewDateBefore: date({ mode: "string" }).notNull(),
    reviewDateAfter: date({ mode: "string" }),
  },
  (t) => [
    uniqueIndex("recertifications_request_idx").on(t.requestId),
    index("recertifications_sender_idx").on(t.senderId),
    index("recertifications_confirmed_at_idx").on(t.confirmedAt),
  ],
);

// Warnings and automatic suspensions for overdue senders, one per sender, review date and step,
// so the periodic job is idempotent. kind: warning_due | warning_final | suspended
export const recertificationNotices = pgTable(
  "recertification_notices",
  {
    id: uuid().primaryKey().defaultRandom(),
    senderId: uuid()
      .notNull()
      .references(() => senders.id, { onDelete: "cascade" }),
    reviewDate: date({ mode: "string" }).notNull(),
    kind: text().notNull(),
    recipientEmail: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // sent | failed | done
    status: text().notNull(),
    detail: text(),
  },
  (t) => [uniqueIndex("recertification_notices_step_idx").on(t.senderId, t.reviewDate, t.kind)],
);

// Refused authorizations (403), aggregated per actor, permission, surface and minute (issue 15
// item 6). Kept out of the append-only audit chain: a noisy caller must not grow it.
export const deniedAttempts = pgTable(
  "denied_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    // The user's id, or the label when there is none (stable key for the upsert).
    actorKey: text().notNull(),
    actorId: uuid(),
    actorLabel: text().notNull(),
    actorRole: text(),
    permission: text().notNull(),
    // ui (server action) | api (/api/v1) | page (server-rendered page)
    surface: text().notNull(),
    minute: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(1),
    lastIp: text(),
    lastAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("denied_attempts_bucket_idx").on(t.actorKey, t.permission, t.surface, t.minute),
    index("denied_attempts_minute_idx").on(t.minute),
  ],
);

export type RecertificationCampaign = typeof recertificationCampaigns.$inferSelect;
export type RecertificationRequest = typeof recertificationRequests.$inferSelect;
export type Recertification = typeof recertifications.$inferSelect;
export type RecertificationOutcome = (typeof recertificationOutcomeEnum.enumValues)[number];
export type RecertificationNotice = typeof recertificationNotices.$inferSelect;
export type DeniedAttempt = typeof deniedAttempts.$inferSelect;
