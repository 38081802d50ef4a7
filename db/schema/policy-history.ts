import { bigint, integer, jsonb, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { policyVersions } from "./policy";
import { relays } from "./relays";

// What each policy version contained, without secrets (credential verifiers, DKIM keys): a full
// copy at checkpoints, otherwise the patch from the version before; either rebuilds any version.
export const policyVersionContents = pgTable("policy_version_contents", {
  version: bigint({ mode: "number" })
    .primaryKey()
    .references(() => policyVersions.version, { onDelete: "cascade" }),
  // The whole content (a checkpoint), or null when only the patch is kept.
  content: jsonb(),
  // The change from the previous version's content (null at a checkpoint with no predecessor).
  patch: jsonb(),
  sizeBytes: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// When each relay first applied each version (from heartbeats).
export const relayPolicyApplications = pgTable(
  "relay_policy_applications",
  {
    relayId: uuid()
      .notNull()
      .references(() => relays.id, { onDelete: "cascade" }),
    version: bigint({ mode: "number" }).notNull(),
    appliedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.relayId, t.version] })],
);
