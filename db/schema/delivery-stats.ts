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
import { deliveryEventTypeEnum } from "./delivery-events";

export const bucketSizeEnum = pgEnum("bucket_size", ["minute", "hour", "day"]);

// Which dimensions a rollup row keeps (the others are stored as "" / the nil uuid), so a query
// reads the smallest rollup that has every dimension it filters or groups by:
// - sender: everything but the recipient domain (series, totals, senders, reasons, reputation);
// - recipient: the recipient domain and outcome only (the recipient-domain table, unfiltered),
//   plus a delivery's reason, "tls" / "no_tls" (its TLS share; lib/events/rollup.ts);
// - full: every dimension (a recipient domain combined with sender / reason / from domain).
export const rollupGrainEnum = pgEnum("rollup_grain", ["sender", "recipient", "full"]);

// Rollups kept up to date at ingest, in the same transaction as the raw events: charts read
// these, never the raw events. Missing dimensions are stored as "" (or the nil uuid) so the
// primary key can be an upsert target.
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export const deliveryStats = pgTable(
  "delivery_stats",
  {
    grain: rollupGrainEnum().notNull().default("full"),
    bucketSize: bucketSizeEnum().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    senderId: uuid().notNull(),
    outcome: deliveryEventTypeEnum().notNull(),
    reason: text().notNull(),
    fromDomain: text().notNull(),
    recipientDomain: text().notNull(),
    count: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    // Its prefix (grain, bucket size, bucket start) is the index of every time-range query.
    primaryKey({
      columns: [t.grain, t.bucketSize, t.bucketStart, t.senderId, t.outcome, t.reason, t.fromDomain, t.recipientDomain],
    }),
    index("delivery_stats_sender_time_idx").on(t.senderId, t.grain, t.bucketSize, t.bucketStart),
    // The Deliverability page filtered by recipient domain or sending domain: without these, a
    // filtered breakdown reads every "full" row of the range (~800,000 for 30 days of 10 million
    // events) to keep a few thousand. No index holds `count`: updating an indexed column would
    // rule out HOT updates, which the rollup upserts rely on.
    index("delivery_stats_recipient_time_idx").on(t.recipientDomain, t.grain, t.bucketSize, t.bucketStart),
    index("delivery_stats_from_domain_time_idx").on(t.fromDomain, t.grain, t.bucketSize, t.bucketStart),
  ],
);

// Per-sender overrides of the reputation thresholds (defaults are settings).
export const senderThresholds = pgTable("sender_thresholds", {
  senderId: uuid().primaryKey(),
  bounceWarnPct: integer(),
  bounceSuspendPct: integer(),
  // Complaint rates are small: stored in basis points (0.1 % = 10).
  complaintWarnBp: integer(),
  complaintSuspendBp: integer(),
  minVolume: integer(),
  autoSuspend: boolean(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type DeliveryStat = typeof deliveryStats.$inferSelect;
export type NewDeliveryStat = typeof deliveryStats.$inferInsert;
