import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const alertSeverityEnum = pgEnum("alert_severity", ["info", "warning", "critical"]);

// Alerts from reputation thresholds and domain posture, shown in the app and sent to a webhook.
// dedupeKey keeps one open alert per condition (e.g. "bounce_rate:suspend:<sender id>").
export const alerts = pgTable(
  "alerts",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    severity: alertSeverityEnum().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    title: text().notNull(),
    detail: jsonb(),
    dedupeKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: uuid().references(() => users.id),
    resolvedAt: timestamp({ withTimezone: true }),
    // Webhook delivery: pending | sent | failed | disabled
    webhookStatus: text().notNull().default("pending"),
    webhookAttempts: integer().notNull().default(0),
    webhookNextAttemptAt: timestamp({ withTimezone: true }),
    webhookLastError: text(),
  },
  (t) => [
    uniqueIndex("alerts_open_dedupe_idx").on(t.dedupeKey).where(sql`${t.resolvedAt} is null`),
    index("alerts_created_at_idx").on(t.createdAt),
    index("alerts_webhook_idx").on(t.webhookStatus, t.webhookNextAttemptAt),
  ],
);

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
