import { date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contentProfiles } from "./content";
import { sendingDomains } from "./domains";
import { users } from "./users";

export const senderKindEnum = pgEnum("sender_kind", ["internal_onprem", "internal_cloud", "saas"]);
export const senderStatusEnum = pgEnum("sender_status", [
  "requested",
  "approved",
  "active",
  "suspended",
  "retired",
  "rejected",
]);

export const senders = pgTable(
  "senders",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    slug: text().notNull().unique(),
    kind: senderKindEnum().notNull(),
    // Id from the built-in SaaS vendor catalog (lib/senders/vendor-catalog.ts); null for internal apps.
    vendor: text(),
    ownerTeam: text().notNull(),
    contactEmail: text().notNull(),
    purpose: text().notNull(),
    // Exact addresses or "*@domain" wildcards; empty means any address at an allowed domain.
    allowedFromAddresses: text().array().notNull().default([]),
    // IPv4/IPv6 CIDRs the sender may connect from; empty means any source.
    allowedCidrs: text().array().notNull().default([]),
    rateLimitPerMinute: integer().notNull(),
    rateLimitPerDay: integer().notNull(),
    reviewDate: date({ mode: "string" }).notNull(),
    status: senderStatusEnum().notNull().default("requested"),
    // The content profile applied to its mail; null = the default profile for its kind.
    contentProfileId: uuid().references(() => contentProfiles.id, { onDelete: "set null" }),
    // Goes up with every edit, so a decision names the version the decider saw.
    revision: integer().notNull().default(1),
    requestedBy: uuid().references(() => users.id),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("senders_status_idx").on(t.status),
    index("senders_kind_idx").on(t.kind),
    index("senders_vendor_idx").on(t.vendor),
    index("senders_review_date_idx").on(t.reviewDate),
    index("senders_updated_at_idx").on(t.updatedAt),
  ],
);

// The From domains a sender may use (chosen from registered sending domains).
export const senderDomains = pgTable(
  "sender_domains",
  {
    senderId: uuid()
      .notNull()
      .references(() => senders.id, { onDelete: "cascade" }),
    domainId: uuid()
      .notNull()
      .references(() => sendingDomains.id),
  },
  (t) => [primaryKey({ columns: [t.senderId, t.domainId] }), index("sender_domains_domain_idx").on(t.domainId)],
);

export type Sender = typeof senders.$inferSelect;
export type NewSender = typeof senders.$inferInsert;
export type SenderStatus = (typeof senderStatusEnum.enumValues)[number];
export type SenderKind = (typeof senderKindEnum.enumValues)[number];
