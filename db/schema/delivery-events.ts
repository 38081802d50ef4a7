import {
  bigint,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { relays } from "./relays";

export const deliveryEventTypeEnum = pgEnum("delivery_event_type", [
  "accepted",
  "rejected",
  "delivered",
  "deferred",
  "bounced",
  "complained",
]);

// One row per thing that happened to a message, as reported by a relay (or a feedback loop).
// The reporter makes the id, so a retried batch is deduplicated by the primary key. Partitioned by
// day on `at` (migration 0017, lib/events/event-partitions.ts): retention drops whole days.
export const deliveryEvents = pgTable(
  "delivery_events",
  {
    // Who reported it: "relay:<relay id>", or "feedback-loop" for complaints posted as ARF reports.
    source: text().notNull(),
    relayId: uuid().references(() => relays.id),
    eventId: text().notNull(),
    type: deliveryEventTypeEnum().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    messageId: text(),
    queueId: text(),
    senderId: uuid(),
    credentialId: uuid(),
    username: text(),
    clientIp: text(),
    fromAddress: text(),
    recipient: text(),
    recipientDomain: text(),
    reason: text(),
    smtpCode: integer(),
    enhancedCode: text(),
    bounceType: text(),
    detail: text(),
    // Delivered (or deferred) over TLS or not, as the relay reported it; null when not known.
    tls: boolean(),
    policyVersion: bigint({ mode: "number" }),
    // How many occurrences this row stands for: 1, or more for refusals a relay aggregated
    // (unauthenticated attempts per client IP and minute).
    count: integer().notNull().default(1),
  },
  (t) => [
    // A partitioned table's keys must include the partition key, hence `at`. Idempotency by event
    // id still holds: a retried event is the same spooled event, sent again with the same `at`
    // (relays keep it in their spool file), and ingest also skips an id stored under another `at`
    // (lib/events/store-events.ts probes this key's (source, event_id) prefix in every partition;
    // lib/complaints checks the id whatever the date).
    primaryKey({ columns: [t.source, t.eventId, t.at] }),
    index("delivery_events_message_idx").on(t.messageId),
    index("delivery_events_at_idx").on(t.at),
    index("delivery_events_sender_at_idx").on(t.senderId, t.at),
  ],
);

export type DeliveryEvent = typeof deliveryEvents.$inferSelect;
export type NewDeliveryEvent = typeof deliveryEvents.$inferInsert;
