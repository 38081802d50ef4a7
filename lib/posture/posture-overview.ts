import { asc, eq, max, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dmarcRecords, dmarcReports, sendingDomains } from "@/db/schema";
import { DEFAULT_WINDOW_DAYS } from "@/lib/dmarc/source-stats";
import { type LatestDnsCheck, latestDnsChecks } from "./latest-checks";

export interface DomainPostureSummary {
  id: string;
  domain: string;
  displayName: string;
  check: LatestDnsCheck | null;
  // DMARC over each domain's last DEFAULT_WINDOW_DAYS days of reports; null without reports.
  dmarc: { messages: number; dmarcPass: number; passRate: number } | null;
}

// One line per active sending domain for the posture page: latest check and DMARC pass rate.
export async function postureOverview(): Promise<DomainPostureSummary[]> {
  const db = getDb();
  const latestReport = db
    .select({ domain: dmarcReports.domain, last: max(dmarcReports.dateEnd).as("last") })
    .from(dmarcReports)
    .groupBy(dmarcReports.domain)
    .as("latest_report");
  const [domains, checks, totals] = await Promise.all([
    db
      .select({ id: sendingDomains.id, domain: sendingDomains.domain, displayName: sendingDomains.displayName })
      .from(sendingDomains)
      .where(eq(sendingDomains.status, "active"))
      .orderBy(asc(sendingDomains.domain)),
    latestDnsChecks(db),
    db
      .select({
        domain: dmarcRecords.domain,
        messages: sql<number>`sum(${dmarcRecords.count})::float8`,
        dmarcPass: sql<number>`coalesce(sum(${dmarcRecords.count}) filter (where ${dmarcRecords.dkimResult} = 'pass' or ${dmarcRecords.spfResult} = 'pass'), 0)::float8`,
      })
      .from(dmarcRecords)
      .innerJoin(latestReport, eq(latestReport.domain, dmarcRecords.domain))
      .where(
        sql`${dmarcRecords.dateBegin} >= ${latestReport.last} - ${sql.raw(`interval '${DEFAULT_WINDOW_DAYS} days'`)}`,
      )
      .groupBy(dmarcRecords.domain),
  ]);
  const byDomain = new Map(totals.map((t) => [t.domain, t]));
  return domains.map((d) => {
    const t = byDomain.get(d.domain);
    const messages = Number(t?.messages ?? 0);
    const dmarcPass = Number(t?.dmarcPass ?? 0);
    return {
      ...d,
      check: checks.get(d.id) ?? null,
      dmarc: messages ? { messages, dmarcPass, passRate: Math.round((dmarcPass / messages) * 1000) / 10 } : null,
    };
  });
}
