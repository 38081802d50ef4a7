import { type Executor, getDb } from "@/db/client";
import { NIL_UUID } from "@/db/schema";
import { getSetting } from "@/lib/settings/settings";
import { type CountsRow, groupedCounts, type StatsFilter } from "./query-stats";
import { emptyCounts, type OutcomeCounts, type Rates, ratesOf } from "./rates";
import { requiresTls, tlsShareOf } from "./tls-share";

export interface BreakdownRow extends OutcomeCounts, Rates {
  key: string;
  label: string;
}

const volume = (c: OutcomeCounts) => c.accepted + c.rejected + c.delivered + c.bounced + c.deferred;

// Largest volume first (ties by key, so two reads of the same data list rows in the same order).
function toRows(rows: CountsRow[], label: (row: CountsRow) => string): BreakdownRow[] {
  return rows
    .map((r) => ({ key: r.key, label: label(r), ...r.counts, ...ratesOf(r.counts) }))
    .sort((a, b) => volume(b) - volume(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// A row of the recipient-domain table: also its TLS share and whether setting tls.requiredDomains
// makes the relays deliver to it only over TLS.
export interface RecipientRow extends BreakdownRow {
  tlsShare: number | null;
  tlsRequired: boolean;
}

export const totalsOf = (rows: CountsRow[]): OutcomeCounts & Rates => {
  const counts = rows[0]?.counts ?? emptyCounts();
  return { ...counts, ...ratesOf(counts) };
};

// Mail to no recipient domain (e.g. rejected before RCPT) is left out of the table.
export function recipientRowsOf(rows: CountsRow[], tlsRequiredDomains: readonly string[] = []): RecipientRow[] {
  const withDomain = rows.filter((r) => r.key !== "");
  const tlsOf = new Map(withDomain.map((r) => [r.key, r.tls]));
  const required = new Set(tlsRequiredDomains.map((d) => d.toLowerCase()));
  return toRows(withDomain, (r) => r.key).map((row) => ({
    ...row,
    tlsShare: tlsShareOf(tlsOf.get(row.key) ?? { over: 0, known: 0 }),
    tlsRequired: requiresTls(required, row.key),
  }));
}

export const senderRowsOf = (rows: CountsRow[]): BreakdownRow[] =>
  toRows(rows, (r) => (r.key === NIL_UUID ? "(unauthenticated / unknown)" : (r.name ?? r.key)));

export const REJECTION_REASON_LABELS: Record<string, string> = {
  auth: "Authentication",
  kill_switch: "Kill switch",
  domain: "From domain not allowed",
  source: "Source address not allowed",
  rate: "Rate limit",
  policy: "Policy",
  stale_policy: "Relay policy stale",
  // Content security (issue 13).
  virus: "Virus",
  spam: "Spam",
  dlp: "Data loss prevention (DLP)",
  attachment: "Blocked attachment",
  scanner: "Scanner unavailable",
  tls: "No valid TLS for a TLS-required recipient",
  suppressed: "Suppressed recipient",
};

// What content security refused (issue 13): the Overview sums these.
export const CONTENT_REJECTION_REASONS = ["virus", "spam", "dlp", "attachment", "scanner", "tls"] as const;

export const reasonRowsOf = (rows: CountsRow[]): { reason: string; label: string; count: number }[] =>
  rows
    .filter((r) => r.counts.rejected > 0)
    .map((r) => ({
      reason: r.key || "unknown",
      label: REJECTION_REASON_LABELS[r.key] ?? (r.key || "Unknown"),
      count: r.counts.rejected,
    }))
    .sort((a, b) => b.count - a.count);

export async function totals(filter: StatsFilter, db: Executor = getDb()): Promise<OutcomeCounts & Rates> {
  return totalsOf((await groupedCounts(filter, { totals: null }, db)).totals);
}

export async function byRecipientDomain(filter: StatsFilter, db: Executor = getDb()): Promise<RecipientRow[]> {
  const [counts, required] = await Promise.all([
    groupedCounts(filter, { recipients: "recipientDomain" }, db),
    getSetting("tls.requiredDomains", db),
  ]);
  return recipientRowsOf(counts.recipients, required);
}

export async function bySender(filter: StatsFilter, db: Executor = getDb()): Promise<BreakdownRow[]> {
  return senderRowsOf((await groupedCounts(filter, { senders: "senderId" }, db)).senders);
}

export async function rejectionReasons(
  filter: StatsFilter,
  db: Executor = getDb(),
): Promise<{ reason: string; label: string; count: number }[]> {
  return reasonRowsOf((await groupedCounts(filter, { reasons: "reason" }, db)).reasons);
}
