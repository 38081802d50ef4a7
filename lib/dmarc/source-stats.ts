import { and, desc, eq, gte, inArray, lte, max, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { dmarcRecords, dmarcReports } from "@/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_WINDOW_DAYS = 30;
const MAX_SOURCES = 500;

export interface ReportWindow {
  from: Date;
  to: Date;
  days: number;
  // False when no report has arrived for the domain yet.
  hasReports: boolean;
}

// The last `days` days covered by reports (ending at the newest report's end, not at "now"), so a
// domain whose reports arrive late or were uploaded in bulk still shows its sources.
export async function reportWindow(
  domain: string,
  days = DEFAULT_WINDOW_DAYS,
  db: Executor = getDb(),
): Promise<ReportWindow> {
  const [row] = await db
    .select({ end: max(dmarcReports.dateEnd) })
    .from(dmarcReports)
    .where(eq(dmarcReports.domain, domain));
  const to = row?.end ? new Date(row.end) : new Date();
  return { from: new Date(to.getTime() - days * DAY_MS), to, days, hasReports: !!row?.end };
}

export interface SourceStats {
  sourceIp: string;
  messages: number;
  spfPass: number;
  dkimPass: number;
  // DMARC passes when either aligned result passes.
  dmarcPass: number;
  dispositions: { none: number; quarantine: number; reject: number };
  firstSeen: Date;
  lastSeen: Date;
  reports: number;
  // Domains that authenticated its mail (DKIM d= / SPF MAIL FROM with result pass).
  authDomains: string[];
}

const sumWhere = (condition: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(${dmarcRecords.count}) filter (where ${condition}), 0)::float8`;
const dmarcPassed = sql`${dmarcRecords.dkimResult} = 'pass' or ${dmarcRecords.spfResult} = 'pass'`;

// Per source address of a domain within a window: volume and results, largest first.
// reportId: only that report's records; seenInReport: every record of sources that appear in that
// report; minMessages: only sources with at least that volume.
export async function sourceStats({
  domain,
  from,
  to,
  reportId,
  seenInReport,
  minMessages,
  limit = MAX_SOURCES,
  db = getDb(),
}: {
  domain: string;
  from?: Date;
  to?: Date;
  reportId?: string;
  seenInReport?: string;
  minMessages?: number;
  limit?: number;
  db?: Executor;
}): Promise<SourceStats[]> {
  const messages = sql<number>`sum(${dmarcRecords.count})::float8`;
  const rows = await db
    .select({
      sourceIp: dmarcRecords.sourceIp,
      messages,
      spfPass: sumWhere(sql`${dmarcRecords.spfResult} = 'pass'`),
      dkimPass: sumWhere(sql`${dmarcRecords.dkimResult} = 'pass'`),
      dmarcPass: sumWhere(dmarcPassed),
      none: sumWhere(sql`${dmarcRecords.disposition} = 'none'`),
      quarantine: sumWhere(sql`${dmarcRecords.disposition} = 'quarantine'`),
      reject: sumWhere(sql`${dmarcRecords.disposition} = 'reject'`),
      firstSeen: sql<string>`min(${dmarcReports.dateBegin})`,
      lastSeen: sql<string>`max(${dmarcReports.dateEnd})`,
      reports: sql<number>`count(distinct ${dmarcReports.id})::int`,
      dkimDomains: sql<
        string[] | null
      >`array_agg(distinct ${dmarcRecords.dkimDomain}) filter (where ${dmarcRecords.dkimDomain} is not null)`,
      spfDomains: sql<
        string[] | null
      >`array_agg(distinct ${dmarcRecords.spfDomain}) filter (where ${dmarcRecords.spfDomain} is not null)`,
    })
    .from(dmarcRecords)
    .innerJoin(dmarcReports, eq(dmarcReports.id, dmarcRecords.reportId))
    .where(
      and(
        eq(dmarcRecords.domain, domain),
        from ? gte(dmarcRecords.dateBegin, from) : undefined,
        to ? lte(dmarcRecords.dateBegin, to) : undefined,
        reportId ? eq(dmarcRecords.reportId, reportId) : undefined,
        seenInReport
          ? inArray(
              dmarcRecords.sourceIp,
              db
                .select({ ip: dmarcRecords.sourceIp })
                .from(dmarcRecords)
                .where(eq(dmarcRecords.reportId, seenInReport)),
            )
          : undefined,
      ),
    )
    .groupBy(dmarcRecords.sourceIp)
    .having(minMessages ? sql`sum(${dmarcRecords.count}) >= ${minMessages}` : undefined)
    .orderBy(desc(messages), dmarcRecords.sourceIp)
    .limit(limit);
  return rows.map((r) => ({
    sourceIp: r.sourceIp,
    messages: Number(r.messages),
    spfPass: Number(r.spfPass),
    dkimPass: Number(r.dkimPass),
    dmarcPass: Number(r.dmarcPass),
    dispositions: { none: Number(r.none), quarantine: Number(r.quarantine), reject: Number(r.reject) },
    firstSeen: new Date(r.firstSeen),
    lastSeen: new Date(r.lastSeen),
    reports: Number(r.reports),
    authDomains: [...new Set([...(r.dkimDomains ?? []), ...(r.spfDomains ?? [])])],
  }));
}

export interface PassRatePoint {
  day: string;
  messages: number;
  dmarcPass: number;
  // Percent, one decimal; null on a day without messages.
  passRate: number | null;
}

// DMARC pass rate of a domain per UTC day (by report period start).
export async function passRateSeries({
  domain,
  from,
  to,
  db = getDb(),
}: {
  domain: string;
  from: Date;
  to: Date;
  db?: Executor;
}): Promise<PassRatePoint[]> {
  const day = sql<string>`to_char(${dmarcRecords.dateBegin} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, messages: sql<number>`sum(${dmarcRecords.count})::float8`, dmarcPass: sumWhere(dmarcPassed) })
    .from(dmarcRecords)
    .where(and(eq(dmarcRecords.domain, domain), gte(dmarcRecords.dateBegin, from), lte(dmarcRecords.dateBegin, to)))
    .groupBy(day)
    .orderBy(day);
  return rows.map((r) => {
    const total = Number(r.messages);
    const pass = Number(r.dmarcPass);
    return {
      day: r.day,
      messages: total,
      dmarcPass: pass,
      passRate: total ? Math.round((pass / total) * 1000) / 10 : null,
    };
  });
}
