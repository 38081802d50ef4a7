import { bigint, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export interface RelayScannerState {
  name: "clamd" | "rspamd";
  up: boolean;
  version: string | null;
  signatureDate: string | null;
  detail: string | null;
}

// How the relay counts sender and credential rate limits, as its last heartbeat reported it:
// "shared" in Redis across relays, "fallback" to a local share (limit ÷ live relays) while Redis is
// unreachable, or "local" (no Redis configured: each relay counts alone).
export interface RelayRateLimitState {
  mode: "local" | "shared" | "fallback";
  // The divisor applied to each limit in fallback (live relays); 1 otherwise.
  divisor: number;
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
  // The relay's rate-limit counting as its last heartbeat reported it (null: never reported).
  rateLimits: jsonb().$type<RelayRateLimitState>(),
  // From polls: the version last served to this relay, and when it last polled.
  lastPollAt: timestamp({ withTimezone: true }),
});

export type Relay = typeof relays.$inferSelect;
