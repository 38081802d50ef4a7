import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dmarcRecords, dmarcReports, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import type { PostureResolver } from "@/lib/posture/dns-resolver";
import { evaluateDmarcAlerts } from "./evaluate-dmarc-alerts";
import { parseAggregateReport } from "./parse-aggregate-report";
import { type ReportFormat, safeDecompress } from "./safe-decompress";

const RECORD_INSERT_BATCH = 500;

// Where a report came from, as stored and audited: the dashboard, the API, or the watched directory.
export type DmarcReportSource = "upload" | "api" | `watch:${string}`;

export interface IngestDmarcReportInput {
  // The report file's bytes as received (XML, gzip or zip); its content is parsed here, safely.
  file: Uint8Array;
  source: DmarcReportSource;
}

export interface IngestResult {
  // The stored report's id.
  id: string;
  // The reporter's own report id and name (unique together).
  reportId: string;
  orgName: string;
  domain: string;
  domainId: string | null;
  duplicate: boolean;
  records: number;
  messages: number;
  format: ReportFormat;
}

// Decompress safely, parse, and store one aggregate report with its records in one transaction.
// The same report (org name + report id) arriving again is answered as a duplicate, not an error.
// Alerts (unknown sources, alignment) are evaluated after the commit.
export async function ingestDmarcReport({
  actor,
  input,
  resolver,
}: {
  actor: Actor;
  input: IngestDmarcReportInput;
  resolver?: PostureResolver;
}): Promise<IngestResult> {
  const { file, source } = input;
  const { format, xml } = await safeDecompress(file);
  const report = parseAggregateReport(xml);
  const messages = report.records.reduce((sum, r) => sum + r.count, 0);
  const base = {
    reportId: report.reportId,
    orgName: report.orgName,
    domain: report.domain,
    records: report.records.length,
    messages,
    format,
  };
  const outcome = await getDb().transaction(async (tx) => {
    const [domain] = await tx
      .select({ id: sendingDomains.id })
      .from(sendingDomains)
      .where(eq(sendingDomains.domain, report.domain));
    const [inserted] = await tx
      .insert(dmarcReports)
      .values({
        orgName: report.orgName,
        reportId: report.reportId,
        domain: report.domain,
        domainId: domain?.id ?? null,
        dateBegin: report.dateBegin,
        dateEnd: report.dateEnd,
        policyP: report.policy.p,
        source,
        rawBytes: file.length,
        receivedBy: actor.id,
      })
      .onConflictDoNothing({ target: [dmarcReports.orgName, dmarcReports.reportId] })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select({ id: dmarcReports.id, domainId: dmarcReports.domainId })
        .from(dmarcReports)
        .where(and(eq(dmarcReports.orgName, report.orgName), eq(dmarcReports.reportId, report.reportId)));
      return { ...base, id: existing.id, domainId: existing.domainId, duplicate: true };
    }
    const rows = report.records.map((r) => ({
      reportId: inserted.id,
      domain: report.domain,
      sourceIp: r.sourceIp,
      count: r.count,
      disposition: r.disposition,
      dkimResult: r.dkim,
      spfResult: r.spf,
      headerFrom: r.headerFrom,
      dkimDomain: r.dkimDomain,
      spfDomain: r.spfDomain,
      dateBegin: report.dateBegin,
    }));
    for (let i = 0; i < rows.length; i += RECORD_INSERT_BATCH)
      await tx.insert(dmarcRecords).values(rows.slice(i, i + RECORD_INSERT_BATCH));
    await writeAudit(tx, actor, {
      action: "dmarc_report.ingest",
      targetType: "dmarc_report",
      targetId: inserted.id,
      after: {
        orgName: report.orgName,
        reportId: report.reportId,
        domain: report.domain,
        records: rows.length,
        messages,
        source,
        format,
        bytes: file.length,
      },
    });
    return { ...base, id: inserted.id, domainId: inserted.domainId, duplicate: false };
  });
  if (!outcome.duplicate && outcome.domainId) {
    try {
      await evaluateDmarcAlerts({ reportId: outcome.id, resolver });
    } catch (error) {
      // The report is stored; a failed evaluation must not turn the upload into an error.
      console.error("[dmarc] alert evaluation failed:", error instanceof Error ? error.message : error);
    }
  }
  return outcome;
}
