import { eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dnsChecks, sendingDomains } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { getSetting } from "@/lib/settings/settings";
import { checkDomain } from "./check-domain";
import { defaultResolver, type PostureResolver } from "./dns-resolver";

const MINUTE_MS = 60 * 1000;
// Checks run a few at a time: each waits on DNS, not on CPU.
const CHECK_CONCURRENCY = 4;
const MAX_CHECKS_PER_RUN = 200;
export const DNS_CHECK_RETENTION_DAYS = 90;

// Active domains whose latest check is older than dns.checkIntervalMinutes (or that were never
// checked), oldest first.
export async function dueDomainIds({ now = new Date() }: { now?: Date } = {}): Promise<string[]> {
  const db = getDb();
  const interval = await getSetting("dns.checkIntervalMinutes", db);
  const cutoff = new Date(now.getTime() - interval * MINUTE_MS);
  const lastChecked = sql<Date | null>`max(${dnsChecks.checkedAt})`;
  const rows = await db
    .select({ id: sendingDomains.id })
    .from(sendingDomains)
    .leftJoin(dnsChecks, eq(dnsChecks.domainId, sendingDomains.id))
    .where(eq(sendingDomains.status, "active"))
    .groupBy(sendingDomains.id)
    .having(sql`max(${dnsChecks.checkedAt}) is null or max(${dnsChecks.checkedAt}) < ${cutoff.toISOString()}`)
    .orderBy(sql`${lastChecked} asc nulls first`)
    .limit(MAX_CHECKS_PER_RUN);
  return rows.map((r) => r.id);
}

// The scheduled DNS health check: checks every due domain, then drops checks past retention.
export async function checkDueDomains({
  now = new Date(),
  resolver = defaultResolver(),
}: {
  now?: Date;
  resolver?: PostureResolver;
} = {}): Promise<{ checked: number; failed: number }> {
  const queue = await dueDomainIds({ now });
  let checked = 0;
  let failed = 0;
  async function worker() {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        await checkDomain({ actor: SYSTEM_ACTOR, input: { domainId: id }, resolver });
        checked++;
      } catch (error) {
        failed++;
        console.error(`[posture] DNS check of domain ${id} failed:`, error instanceof Error ? error.message : error);
      }
    }
  }
  await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
  const retention = new Date(now.getTime() - DNS_CHECK_RETENTION_DAYS * 24 * 60 * MINUTE_MS);
  await getDb().delete(dnsChecks).where(lt(dnsChecks.checkedAt, retention));
  return { checked, failed };
}
