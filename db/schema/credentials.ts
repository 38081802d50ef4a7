import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { senders } from "./senders";
import { users } from "./users";

export const credentialStatusEnum = pgEnum("credential_status", ["active", "revoked", "expired"]);

export const smtpCredentials = pgTable(
  "smtp_credentials",
  {
    id: uuid().primaryKey().defaultRandom(),
    senderId: uuid()
      .notNull()
      .references(() => senders.id),
    // The SMTP AUTH username; identifies the credential.
    username: text().notNull().unique(),
    // What may be shown of the secret: its prefix and last 4 characters.
    secretPrefix: text().notNull(),
    secretLast4: text().notNull(),
    // SHA-256 (hex) of the secret: the verifier relays check against. Never the secret itself.
    verifier: text().notNull().unique(),
    // Narrows the sender's CIDRs; empty means the sender's.
    allowedCidrs: text().array().notNull().default([]),
    expiresAt: timestamp({ withTimezone: true }),
    status: credentialStatusEnum().notNull().default("active"),
    rotatedFromId: uuid(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedBy: uuid().references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }),
    revokeReason: text(),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedFrom: text(),
  },
  (t) => [index("smtp_credentials_sender_idx").on(t.senderId, t.status)],
);

export type SmtpCredential = typeof smtpCredentials.$inferSelect;
export type NewSmtpCredential = typeof smtpCredentials.$inferInsert;
