import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roleEnum, users } from "./users";

// Management API tokens. The token carries a role no higher than its owner's; only its SHA-256
// verifier is stored.
export const apiTokens = pgTable("api_tokens", {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid()
    .notNull()
    .references(() => users.id),
  name: text().notNull(),
  role: roleEnum().notNull(),
  tokenPrefix: text().notNull(),
  tokenLast4: text().notNull(),
  verifier: text().notNull().unique(),
  expiresAt: timestamp({ withTimezone: true }),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  lastUsedIp: text(),
  revokedAt: timestamp({ withTimezone: true }),
  revokedBy: uuid().references(() => users.id),
});

export type ApiToken = typeof apiTokens.$inferSelect;
