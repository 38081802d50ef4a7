import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { relays } from "./relays";
import { users } from "./users";

// held → release_requested → released (approved by a second person) → delivered (the relay says so);
// held/release_requested → deleted (by a person) or expired (retention); the relay confirms removal.
export const quarantineStatusEnum = pgEnum("quarantine_status", [
  "held",
  "release_requested",
  "released",
  "delivered",
  "deleted",
  "expired",
]);

// What a relay holds in its quarantine store, as it reported it. The message itself stays on the relay;
// the control plane keeps its metadata and the redacted findings, never the matched data in clear.
export const quarantinedMessages = pgTable(
  "quarantined_messages",
  {
    // Made by the relay (unique per held message): a repeated report is deduplicated on it.
    id: uuid().primaryKey(),
    relayId: uuid()
      .notNull()
      .references(() => relays.id),
    senderId: uuid(),
    credentialId: uuid(),
    queueId: text(),
    messageId: text(),
    fromAddress: text(),
    recipients: text().array().notNull().default([]),
    subject: text(),
    sizeBytes: integer().notNull(),
    // The rule that held it, in words ("DLP: Card numbers"), and every finding (redacted samples).
    verdict: text().notNull(),
    findings: jsonb().$type<unknown[]>().notNull(),
    // [name, value] pairs of the message's headers, as received.
    headers: jsonb().$type<[string, string][]>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    status: quarantineStatusEnum().notNull().default("held"),
    releaseRequestedBy: uuid().references(() => users.id),
    releaseRequestedAt: timestamp({ withTimezone: true }),
    releaseReason: text(),
    releasedBy: uuid().references(() => users.id),
    releasedAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id),
    deletedAt: timestamp({ withTimezone: true }),
    deleteReason: text(),
    // When the relay confirmed it no longer holds the message (released into its queue, or removed).
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("quarantined_messages_status_idx").on(t.status, t.receivedAt),
    index("quarantined_messages_sender_idx").on(t.senderId, t.receivedAt),
    index("quarantined_messages_relay_idx").on(t.relayId),
  ],
);

export type QuarantinedMessage = typeof quarantinedMessages.$inferSelect;
export type QuarantineStatus = (typeof quarantineStatusEnum.enumValues)[number];
