import { bigint, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Monotonic version of the snapshot relays enforce; bumped in the transaction of each change.
export const policyVersions = pgTable("policy_versions", {
  version: bigint({ mode: "number" }).primaryKey(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  reason: text().notNull(),
  actorId: uuid(),
});

export type PolicyVersion = typeof policyVersions.$inferSelect;
