import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Append-only (a trigger refuses UPDATE and DELETE); each entry's hash covers the previous hash.
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid(),
    actorLabel: text().notNull(),
    actorRole: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    reason: text(),
    ip: text(),
    before: jsonb(),
    after: jsonb(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_action_idx").on(t.action),
    index("audit_log_actor_idx").on(t.actorLabel),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

// The chain head: one row, locked FOR UPDATE by every writer so concurrent writers serialize.
export const auditChainHead = pgTable("audit_chain_head", {
  id: integer().primaryKey(),
  lastSeq: bigint({ mode: "number" }).notNull(),
  lastHash: text().notNull(),
});

export type AuditEntry = typeof auditLog.$inferSelect;
