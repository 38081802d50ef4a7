import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./users";

// What a content rule does with a message it matches. require_tls: delivered only over verified TLS.
export const contentActionEnum = pgEnum("content_action", ["reject", "quarantine", "tag", "require_tls"]);
export const dlpDetectorEnum = pgEnum("dlp_detector", ["card", "iban", "regex", "keywords"]);
// When a scanner (clamd, rspamd) cannot answer: defer (451, the default) or accept unscanned (with an alert).
export const scannerFailureEnum = pgEnum("scanner_failure", ["defer", "accept"]);

// Attachment rules of a profile (relay/plugin/lib/content/attachments.js reads exactly this shape).
export interface AttachmentRules {
  blockedExtensions: string[];
  blockedTypes: string[];
  maxAttachmentBytes: number | null;
  scanArchives: boolean;
  action: "reject" | "quarantine" | "tag";
}

// A named content policy (Standard, Strict, Off…): scanners, DLP rules (dlp_rules), attachment rules.
// One profile is the default for internal senders and one for SaaS senders; a sender may name its own.
export const contentProfiles = pgTable(
  "content_profiles",
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull().unique(),
    description: text().notNull().default(""),
    virusScan: boolean().notNull().default(true),
    spamScan: boolean().notNull().default(true),
    // rspamd score at or above which spamAction applies.
    spamScore: real().notNull().default(15),
    spamAction: contentActionEnum().notNull().default("reject"),
    // Messages larger than this are not scanned but treated as onScannerFailure says.
    maxScanBytes: integer()
      .notNull()
      .default(10 * 1024 * 1024),
    onScannerFailure: scannerFailureEnum().notNull().default("defer"),
    attachmentRules: jsonb().$type<AttachmentRules>().notNull(),
    defaultForInternal: boolean().notNull().default(false),
    defaultForSaas: boolean().notNull().default(false),
    // Goes up with every edit (including its rules), so an edit names the version it changed.
    revision: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("content_profiles_default_internal_idx").on(t.defaultForInternal).where(sql`${t.defaultForInternal}`),
    uniqueIndex("content_profiles_default_saas_idx").on(t.defaultForSaas).where(sql`${t.defaultForSaas}`),
    check("content_profiles_spam_action_check", sql`${t.spamAction} <> 'require_tls'`),
    check("content_profiles_max_scan_bytes_check", sql`${t.maxScanBytes} > 0`),
  ],
);

// A DLP rule of a profile (relay/plugin/lib/content/dlp.js reads the snapshot's form of it).
export const dlpRules = pgTable(
  "dlp_rules",
  {
    id: uuid().primaryKey().defaultRandom(),
    profileId: uuid()
      .notNull()
      .references(() => contentProfiles.id, { onDelete: "cascade" }),
    name: text().notNull(),
    detector: dlpDetectorEnum().notNull(),
    // detector regex: the pattern and its flags (checked for catastrophic backtracking when saved).
    pattern: text(),
    flags: text().notNull().default(""),
    // detector keywords: the words (case-insensitive, whole words).
    keywords: text().array().notNull().default([]),
    minCount: integer().notNull().default(1),
    // Optional context: one of these words within nearWithin characters of a match.
    nearKeywords: text().array().notNull().default([]),
    nearWithin: integer().notNull().default(300),
    action: contentActionEnum().notNull(),
    enabled: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dlp_rules_profile_idx").on(t.profileId, t.position),
    check("dlp_rules_min_count_check", sql`${t.minCount} >= 1`),
  ],
);

export type ContentProfile = typeof contentProfiles.$inferSelect;
export type DlpRule = typeof dlpRules.$inferSelect;
