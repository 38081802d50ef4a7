import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { senders } from "./senders";

export const suppressionReasonEnum = pgEnum("suppression_reason", ["hard_bounce", "complaint", "manual"]);

// Recipients a sender (or, with sender_id null, every sender) must not mail for a while: the relay
// refuses RCPT to them with a 5xx. Removing keeps the row (removed_at, who, why) for the record.
export const suppressions = pgTable(
  "suppressions",
  {
    id: uuid().primaryKey().defaultRandom(),
    // null = global (every sender)
    senderId: uuid().references(() => senders.id, { onDelete: "cascade" }),
    address: text().notNull(),
    reason: suppressionReasonEnum().notNull(),
    detail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    removedAt: timestamp({ withTimezone: true }),
    removedBy: text(),
    removeReason: text(),
  },
  (t) => [
    uniqueIndex("suppressions_active_unique")
      .on(sql`coalesce(${t.senderId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.address)
      .where(sql`${t.removedAt} is null`),
    index("suppressions_address_idx").on(t.address),
  ],
);

export type Suppression = typeof suppressions.$inferSelect;
