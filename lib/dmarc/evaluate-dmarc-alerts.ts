import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dmarcReports, dmarcSourceMarks, sendingDomains } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { type PostureResolver, reverseDnsResolver } from "@/lib/posture/dns-resolver";
import { alignmentKey, everAlerted, POSTURE_ALERT_KINDS, unknownSourceKey } from "@/lib/posture/posture-alerts";
import { getSetting } from "@/lib/settings/settings";
import { classifySource, loadClassifyContext } from "./classify-source";
import { reverseNames } from "./reverse-dns";
import { DEFAULT_WINDOW_DAYS, sourceStats } from "./source-stats";

const DAY_MS = 24 * 60 * 60 * 1000;
// Alignment is judged on the day of reports around the new one, from our own sources only.
const ALIGNMENT_WINDOW_MS = DAY_MS;
export const ALIGNMENT_MIN_MESSAGES = 10;
export const ALIGNMENT_MIN_PASS_PCT = 95;
const MAX_CANDIDATES = 10_000;

export interface DmarcAlertOutcome {
  unknownSources: string[];
  alignment: "failing" | "ok" | "not-enough-data";
}

// After a report is stored: (1) an unknown source of the domain whose volume over the window
// reaches dmarc.unknownSourceAlertVolume raises an alert, once per source; (2) when mail from our
// relay and registered senders passes DMARC less than ALIGNMENT_MIN_PASS_PCT of the time, the
// domain has fallen out of alignment: critical alert, resolved when it recovers.
export async function evaluateDmarcAlerts({
  reportId,
  resolver = reverseDnsResolver(),
}: {
  reportId: string;
  resolver?: PostureResolver;
}): Promise<DmarcAlertOutcome> {
  const db = getDb();
  const [report] = await db
    .select({
      domain: dmarcReports.domain,
      domainId: dmarcReports.domainId,
      dateBegin: dmarcReports.dateBegin,
      dateEnd: dmarcReports.dateEnd,
      orgName: dmarcReports.orgName,
    })
    .from(dmarcReports)
    .where(eq(dmarcReports.id, reportId));
  if (!report?.domainId) return { unknownSources: [], alignment: "not-enough-data" };
  const [domain] = await db.select().from(sendingDomains).where(eq(sendingDomains.id, report.domainId));
  const [threshold, context] = await Promise.all([
    getSetting("dmarc.unknownSourceAlertVolume", db),
    loadClassifyContext(db),
  ]);

  // Sources of this report whose volume over the window reaches the threshold: the only candidates.
  const heavy = await sourceStats({
    domain: report.domain,
    from: new Date(report.dateEnd.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS),
    to: report.dateEnd,
    seenInReport: reportId,
    minMessages: threshold,
    limit: MAX_CANDIDATES,
    db,
  });
  const ips = heavy.map((s) => s.sourceIp);
  const marked = new Set(
    ips.length
      ? (
          await db
            .select({ ip: dmarcSourceMarks.sourceIp })
            .from(dmarcSourceMarks)
            .where(and(eq(dmarcSourceMarks.domain, report.domain), inArray(dmarcSourceMarks.sourceIp, ips)))
        ).map((m) => m.ip)
      : [],
  );
  const unknown = heavy.filter(
    (s) =>
      !marked.has(s.sourceIp) && classifySource(s.sourceIp, context, { authDomains: s.authDomains }).kind === "unknown",
  );
  // Reverse DNS only for what is still unknown (bounded by a time budget).
  const names = await reverseNames(
    unknown.map((s) => s.sourceIp),
    resolver,
  );
  const unknownSources: string[] = [];
  for (const stats of unknown) {
    if (
      classifySource(stats.sourceIp, context, {
        authDomains: stats.authDomains,
        reverseNames: names.get(stats.sourceIp),
      }).kind !== "unknown"
    )
      continue;
    const key = unknownSourceKey(report.domain, stats.sourceIp);
    if (await everAlerted(key, db)) continue;
    await raiseAlert(
      {
        kind: POSTURE_ALERT_KINDS.unknownSource,
        severity: "warning",
        subjectType: "sending_domain",
        subjectId: report.domainId,
        title: `Unknown source ${stats.sourceIp} sent ${stats.messages} messages as ${domain.displayName}`,
        detail: {
          domain: report.domain,
          sourceIp: stats.sourceIp,
          messages: stats.messages,
          dmarcPass: stats.dmarcPass,
          reportedBy: report.orgName,
          reverseDns: names.get(stats.sourceIp)?.[0] ?? null,
        },
        dedupeKey: key,
      },
      db,
    );
    unknownSources.push(stats.sourceIp);
  }

  const recent = await sourceStats({
    domain: report.domain,
    from: new Date(report.dateBegin.getTime() - ALIGNMENT_WINDOW_MS),
    to: report.dateEnd,
    limit: MAX_CANDIDATES,
    db,
  });
  const ours = recent.filter((s) => {
    const kind = classifySource(s.sourceIp, context).kind;
    return kind === "relay" || kind === "sender";
  });
  const total = ours.reduce((sum, s) => sum + s.messages, 0);
  const passed = ours.reduce((sum, s) => sum + s.dmarcPass, 0);
  if (total < ALIGNMENT_MIN_MESSAGES) return { unknownSources, alignment: "not-enough-data" };
  const passPct = (passed / total) * 100;
  if (passPct >= ALIGNMENT_MIN_PASS_PCT) {
    await resolveAlert(alignmentKey(report.domain), db);
    return { unknownSources, alignment: "ok" };
  }
  const failing = ours.filter((s) => s.dmarcPass < s.messages).map((s) => s.sourceIp);
  await raiseAlert(
    {
      kind: POSTURE_ALERT_KINDS.dmarcAlignment,
      severity: "critical",
      subjectType: "sending_domain",
      subjectId: report.domainId,
      title: `${domain.displayName} fell out of DMARC alignment: only ${passPct.toFixed(1)}% of its own mail passes`,
      detail: {
        domain: report.domain,
        messages: total,
        dmarcPass: passed,
        failingSources: failing.slice(0, 10),
        reportedBy: report.orgName,
      },
      dedupeKey: alignmentKey(report.domain),
    },
    db,
  );
  return { unknownSources, alignment: "failing" };
}
