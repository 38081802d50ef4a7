import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { senders } from "./senders";
import { users } from "./users";

export const changeRequestStatusEnum = pgEnum("change_request_status", [
  "pending",
  "approved",
  "rejected",
  "withdrawn",
]);

// What a change request proposes: the full new value of each relay-facing field it widens.
export interface SenderChangeSet {
  fromDomainIds?: string[];
  allowedFromAddresses?: string[];
  allowedCidrs?: string[];
  rateLimitPerMinute?: number;
  rateLimitPerDay?: number;
  // A content profile with fewer checks (null: the default for its kind). Type only: jsonb.
  contentProfileId?: string | null;
}

// A change that widens what an approved or active sender may do waits here for a second person
// (four-eyes). `revision` goes up whenever the requester amends it; an approval names the revision
// it saw and fails if the request changed since. One pending request per sender.
export const senderChangeRequests = pgTable(
  "sender_change_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    senderId: uuid()
      .notNull()
      .references(() => senders.id, { onDelete: "cascade" }),
    revision: integer().notNull().default(1),
    changes: jsonb().$type<SenderChangeSet>().notNull(),
    status: changeRequestStatusEnum().notNull().default("pending"),
    requestedBy: uuid().references(() => users.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
  },
  (t) => [
    uniqueIndex("sender_change_requests_one_pending_idx").on(t.senderId).where(sql`${t.status} = 'pending'`),
    index("sender_change_requests_status_idx").on(t.status, t.requestedAt),
  ],
);

export type SenderChangeRequest = typeof senderChangeRequests.$inferSelect;
export type ChangeRequestStatus = (typeof changeRequestStatusEnum.enumValues)[number];
