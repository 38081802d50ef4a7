import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// The dashboard replicas (control-plane processes) sharing this database: each one registers at
// start and refreshes lastSeenAt; the one holding the background-job leadership (a session-level
// advisory lock) says since when. Rows of replicas unseen for a day are deleted.
export const controlPlaneNodes = pgTable("control_plane_nodes", {
  // Chosen by the replica at start: host, pid and a random suffix.
  id: text().primaryKey(),
  host: text().notNull(),
  pid: integer().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  // Set while this replica runs the background jobs; null otherwise.
  leaderSince: timestamp({ withTimezone: true }),
});

// Fixed-window request budgets of the HTTP API, shared by every replica (the key names the caller).
export const apiRateLimits = pgTable("api_rate_limits", {
  key: text().primaryKey(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  count: integer().notNull(),
});

export type ControlPlaneNode = typeof controlPlaneNodes.$inferSelect;
