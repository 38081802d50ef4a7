import { inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { NIL_UUID, senders } from "@/db/schema";
import { type GroupedCount, type StatsFilter, sumByDimension } from "./query-stats";
import { type OutcomeCounts, type Rates, emptyCounts, ratesOf } from "./rates";

export interface BreakdownRow extends OutcomeCounts, Rates {
  key: string;
  label: string;
}

function pivot(rows: GroupedCount[]): Map<string, OutcomeCounts> {
  const out = new Map<string, OutcomeCounts>();
  for (const row of rows) {
    const counts = out.get(row.key) ?? emptyCounts();
    counts[row.outcome as keyof OutcomeCounts] += row.n;
    out.set(row.key, counts);
  }
  return out;
}

const volume = (c: OutcomeCounts) => c.accepted + c.rejected + c.delivered + c.bounced + c.deferred;

function toRows(map: Map<string, OutcomeCounts>, label: (key: string) => string): BreakdownRow[] {
  return [...map.entries()].map(([key, counts]) => ({ key, label: label(key), ...counts, ...ratesOf(counts) })).sort((a, b) => volume(b) - volume(a));
}

export async function totals(filter: StatsFilter, db: Executor = getDb()): Promise<OutcomeCounts & Rates> {
  const counts = pivot(await sumByDimension(filter, null, db)).get("") ?? emptyCounts();
  return { ...counts, ...ratesOf(counts) };
}

export async function byRecipientDomain(filter: StatsFilter, db: Executor = getDb()): Promise<BreakdownRow[]> {
  const map = pivot(await sumByDimension(filter, "recipientDomain", db));
  map.delete("");
  return toRows(map, (key) => key);
}

export async function bySender(filter: StatsFilter, db: Executor = getDb()): Promise<BreakdownRow[]> {
  const map = pivot(await sumByDimension(filter, "senderId", db));
  const ids = [...map.keys()].filter((id) => id !== NIL_UUID);
  const names = ids.length ? await db.select({ id: senders.id, name: senders.name }).from(senders).where(inArray(senders.id, ids)) : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return toRows(map, (key) => (key === NIL_UUID ? "(unauthenticated / unknown)" : (nameOf.get(key) ?? key)));
}

export const REJECTION_REASON_LABELS: Record<string, string> = {
  auth: "Authentication",
  kill_switch: "Kill switch",
  domain: "From domain not allowed",
  source: "Source address not allowed",
  rate: "Rate limit",
  policy: "Policy",
  stale_policy: "Relay policy stale",
};

export async function rejectionReasons(filter: StatsFilter, db: Executor = getDb()): Promise<{ reason: string; label: string; count: number }[]> {
  const rows = (await sumByDimension(filter, "reason", db)).filter((r) => r.outcome === "rejected");
  return rows
    .map((r) => ({ reason: r.key || "unknown", label: REJECTION_REASON_LABELS[r.key] ?? (r.key || "Unknown"), count: r.n }))
    .sort((a, b) => b.count - a.count);
}
