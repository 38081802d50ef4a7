import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const domainStatusEnum = pgEnum("domain_status", ["active", "retired"]);
export const dkimAlgorithmEnum = pgEnum("dkim_algorithm", ["rsa", "ed25519"]);
// active: signs new mail; published: no longer signs but stays in DNS until retireAfter (rotation
// overlap); retired: may be removed from DNS.
export const dkimKeyStatusEnum = pgEnum("dkim_key_status", ["active", "published", "retired"]);

export const sendingDomains = pgTable("sending_domains", {
  id: uuid().primaryKey().defaultRandom(),
  // ASCII (punycode) form, lowercased: what DNS and SMTP see.
  domain: text().notNull().unique(),
  // Unicode form for display (equal to domain for ASCII names).
  displayName: text().notNull(),
  status: domainStatusEnum().notNull().default("active"),
  dmarcReportEmail: text(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const dkimKeys = pgTable(
  "dkim_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    domainId: uuid()
      .notNull()
      .references(() => sendingDomains.id),
    selector: text().notNull(),
    algorithm: dkimAlgorithmEnum().notNull(),
    bits: integer(),
    // Base64 of the DER SubjectPublicKeyInfo (RSA) or raw 32-byte key (Ed25519): the DNS p= value.
    publicKey: text().notNull(),
    // AES-256-GCM under a key derived from the deployment secret: base64url(iv).base64url(tag).base64url(ciphertext)
    privateKeyEncrypted: text().notNull(),
    status: dkimKeyStatusEnum().notNull().default("active"),
    retireAfter: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("dkim_keys_domain_selector_idx").on(t.domainId, t.selector),
    index("dkim_keys_status_idx").on(t.status),
  ],
);

export type SendingDomain = typeof sendingDomains.$inferSelect;
export type NewSendingDomain = typeof sendingDomains.$inferInsert;
export type DkimKey = typeof dkimKeys.$inferSelect;
export type NewDkimKey = typeof dkimKeys.$inferInsert;
