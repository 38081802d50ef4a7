import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sendingDomains } from "./domains";
import { users } from "./users";

// DMARC aggregate reports (RFC 7489), one row per report; duplicates (same org + report id) ignored.
export const dmarcReports = pgTable(
  "dmarc_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    orgName: text().notNull(),
    reportId: text().notNull(),
    // The policy_published domain (ASCII), and the sending domain it matched, if registered.
    domain: text().notNull(),
    domainId: uuid().references(() => sendingDomains.id),
    dateBegin: timestamp({ withTimezone: true }).notNull(),
    dateEnd: timestamp({ withTimezone: true }).notNull(),
    policyP: text(),
    source: text().notNull(),
    rawBytes: integer().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    receivedBy: uuid().references(() => users.id),
  },
  (t) => [
    uniqueIndex("dmarc_reports_org_report_idx").on(t.orgName, t.reportId),
    index("dmarc_reports_domain_idx").on(t.domain, t.dateBegin),
  ],
);

// One row per <record> of a report.
export const dmarcRecords = pgTable(
  "dmarc_records",
  {
    id: uuid().primaryKey().defaultRandom(),
    reportId: uuid()
      .notNull()
      .references(() => dmarcReports.id, { onDelete: "cascade" }),
    domain: text().notNull(),
    sourceIp: text().notNull(),
    count: bigint({ mode: "number" }).notNull(),
    disposition: text().notNull(),
    dkimResult: text().notNull(),
    spfResult: text().notNull(),
    headerFrom: text().notNull(),
    dkimDomain: text(),
    spfDomain: text(),
    dateBegin: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("dmarc_records_domain_ip_idx").on(t.domain, t.sourceIp),
    index("dmarc_records_date_idx").on(t.domain, t.dateBegin),
  ],
);

// A person's verdict on a source seen in reports (e.g. marked as spoofing), kept as a finding.
export const dmarcSourceMarks = pgTable(
  "dmarc_source_marks",
  {
    id: uuid().primaryKey().defaultRandom(),
    domain: text().notNull(),
    sourceIp: text().notNull(),
    verdict: text().notNull(),
    note: text(),
    markedBy: uuid().references(() => users.id),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("dmarc_source_marks_idx").on(t.domain, t.sourceIp)],
);

// The latest DNS health check per domain (SPF, DKIM, DMARC findings).
export const dnsChecks = pgTable(
  "dns_checks",
  {
    id: uuid().primaryKey().defaultRandom(),
    domainId: uuid()
      .notNull()
      .references(() => sendingDomains.id),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // ok | warning | critical (the worst finding)
    status: text().notNull(),
    findings: jsonb().notNull(),
    durationMs: integer().notNull(),
  },
  (t) => [index("dns_checks_domain_idx").on(t.domainId, t.checkedAt)],
);

export type DmarcReport = typeof dmarcReports.$inferSelect;
export type DmarcRecord = typeof dmarcRecords.$inferSelect;
export type DnsCheck = typeof dnsChecks.$inferSelect;
