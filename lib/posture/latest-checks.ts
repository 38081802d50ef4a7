import { desc, eq, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type DnsCheck, dnsChecks } from "@/db/schema";
import type { Finding, PostureStatus } from "./finding";

export interface LatestDnsCheck {
  id: string;
  domainId: string;
  checkedAt: Date;
  status: PostureStatus;
  findings: Finding[];
  durationMs: number;
}

function view(row: DnsCheck): LatestDnsCheck {
  return { ...row, status: row.status as PostureStatus, findings: (row.findings ?? []) as Finding[] };
}

// The latest check of every domain that has one, by domain id.
export async function latestDnsChecks(db: Executor = getDb()): Promise<Map<string, LatestDnsCheck>> {
  const rows = await db
    .selectDistinctOn([dnsChecks.domainId])
    .from(dnsChecks)
    .orderBy(dnsChecks.domainId, desc(dnsChecks.checkedAt), sql`${dnsChecks.id}`);
  return new Map(rows.map((row) => [row.domainId, view(row)]));
}

export async function latestDnsCheck(domainId: string, db: Executor = getDb()): Promise<LatestDnsCheck | null> {
  const [row] = await db
    .select()
    .from(dnsChecks)
    .where(eq(dnsChecks.domainId, domainId))
    .orderBy(desc(dnsChecks.checkedAt))
    .limit(1);
  return row ? view(row) : null;
}
