import { bigint, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export interface RelayScannerState {
  name: "clamd" | "rspamd";
  up: boolean;
  version: string | null;
  signatureDate: string | null;
  detail: string | null;
}

export const relayStatusEnum = pgEnum("relay_status", ["active", "revoked"]);

// Registered relay nodes (data plane). Only a SHA-256 verifier of each relay token is stored.
export const relays = pgTable("relays", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull().unique(),
  tokenPrefix: text().notNull(),
  tokenLast4: text().notNull(),
  verifier: text().notNull().unique(),
  status: relayStatusEnum().notNull().default("active"),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  revokedBy: uuid().references(() => users.id),
  revokedAt: timestamp({ withTimezone: true }),
  // From heartbeats.
  lastHeartbeatAt: timestamp({ withTimezone: true }),
  lastSeenIp: text(),
  softwareVersion: text(),
  policyVersion: bigint({ mode: "number" }),
  policyAppliedAt: timestamp({ withTimezone: true }),
  queueDepth: integer(),
  spoolDepth: integer(),
  listen: text(),
  // What the relay's last heartbeat warned about (skipped policy entries, a full spool…).
  warnings: text().array().notNull().default([]),
  // The relay's content scanners as its last heartbeat reported them (name, up, version, signature date).
  scanners: jsonb().$type<RelayScannerState[]>().notNull().default([]),
  // From polls: the version last served to this relay, and when it last polled.
  lastPollAt: timestamp({ withTimezone: true }),
});

export type Relay = typeof relays.$inferSelect;
