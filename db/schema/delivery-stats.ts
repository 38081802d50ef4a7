import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { deliveryEventTypeEnum } from "./delivery-events";

export const bucketSizeEnum = pgEnum("bucket_size", ["minute", "hour"]);

// Rollups kept up to date at ingest, in the same transaction as the raw events: charts read
// these, never the raw events. Missing dimensions are stored as "" (or the nil uuid) so the
// primary key can be an upsert target.
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export const deliveryStats = pgTable(
  "delivery_stats",
  {
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
    primaryKey({ columns: [t.bucketSize, t.bucketStart, t.senderId, t.outcome, t.reason, t.fromDomain, t.recipientDomain] }),
    index("delivery_stats_time_idx").on(t.bucketSize, t.bucketStart),
    index("delivery_stats_sender_time_idx").on(t.senderId, t.bucketSize, t.bucketStart),
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

