import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const killSwitchScopeEnum = pgEnum("kill_switch_scope", ["global", "sender", "credential", "domain"]);

// An engaged switch (releasedAt null, not past expiresAt) wins over every other rule.
export const killSwitches = pgTable(
  "kill_switches",
  {
    id: uuid().primaryKey().defaultRandom(),
    scope: killSwitchScopeEnum().notNull(),
    // Sender, credential or sending-domain id; null for global.
    targetId: uuid(),
    // What the target was called when engaged (for lists and history).
    targetLabel: text().notNull(),
    reason: text().notNull(),
    engagedBy: uuid().references(() => users.id),
    engagedByLabel: text().notNull(),
    engagedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    releasedBy: uuid().references(() => users.id),
    releasedByLabel: text(),
    releasedAt: timestamp({ withTimezone: true }),
    releaseReason: text(),
  },
  (t) => [
    // At most one engaged switch per target (and one global).
    uniqueIndex("kill_switches_one_engaged_idx")
      .on(t.scope, sql`coalesce(${t.targetId}, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql`${t.releasedAt} is null`),
    index("kill_switches_engaged_at_idx").on(t.engagedAt),
  ],
);

export type KillSwitch = typeof killSwitches.$inferSelect;
export type KillSwitchScope = (typeof killSwitchScopeEnum.enumValues)[number];
