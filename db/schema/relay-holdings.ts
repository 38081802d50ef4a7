import { index, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { smtpCredentials } from "./credentials";
import { dkimKeys } from "./domains";
import { relays } from "./relays";

// Which DKIM private keys a relay has been handed (recorded when a snapshot carrying them is
// served to it), so revoking a relay can rotate exactly the keys it held.
export const relayDkimKeys = pgTable(
  "relay_dkim_keys",
  {
    relayId: uuid()
      .notNull()
      .references(() => relays.id, { onDelete: "cascade" }),
    dkimKeyId: uuid()
      .notNull()
      .references(() => dkimKeys.id, { onDelete: "cascade" }),
    firstServedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastServedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.relayId, t.dkimKeyId] }), index("relay_dkim_keys_key_idx").on(t.dkimKeyId)],
);

// Credentials a relay has accepted mail from (its own `accepted` events): the only ones it may
// report outcomes (bounces, deferrals) for.
export const relayCredentials = pgTable(
  "relay_credentials",
  {
    relayId: uuid()
      .notNull()
      .references(() => relays.id, { onDelete: "cascade" }),
    credentialId: uuid()
      .notNull()
      .references(() => smtpCredentials.id, { onDelete: "cascade" }),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.relayId, t.credentialId] })],
);
