import { type Executor, getDb } from "@/db/client";
import { parseInput } from "@/lib/errors";
import { effectiveThresholds } from "@/lib/reputation/thresholds";
import { getSetting, getSettings } from "@/lib/settings/settings";
import { type DeliverabilityQuery, deliverabilityQuerySchema, resolveRange } from "@/lib/validations/deliverability";
import {
  type BreakdownRow,
  REJECTION_REASON_LABELS,
  type RecipientRow,
  reasonRowsOf,
  recipientRowsOf,
  senderRowsOf,
  totalsOf,
} from "./breakdowns";
import type { RollupSize } from "./buckets";
import { groupedCounts, type StatsFilter } from "./query-stats";
import type { OutcomeCounts, Rates } from "./rates";
import { type SuppressionCounts, suppressionCounts } from "./suppression-counts";
import { type SeriesPoint, seriesBuckets, seriesOf } from "./time-series";

export interface ReasonRow {
  reason: string;
  label: string;
  count: number;
  // Share of all rejections in the range (0-1), null without rejections.
  share: number | null;
}

// The warning and suspension thresholds the rate charts draw, in percent: the filtered sender's
// own (where it overrides them), otherwise the global settings.
export interface ChartThresholds {
  scope: "global" | "sender";
  bounceWarnPct: number;
  bounceSuspendPct: number;
  complaintWarnPct: number;
  complaintSuspendPct: number;
}

// Everything the Deliverability page shows, in JSON-ready form (times as ISO strings), so the
// server-rendered page and GET /api/v1/deliverability hand the browser the very same object.
export interface DeliverabilityDashboard {
  query: DeliverabilityQuery;
  range: { from: string; to: string };
  rollup: RollupSize;
  stepSeconds: number;
  series: SeriesPoint[];
  totals: OutcomeCounts & Rates;
  byRecipientDomain: RecipientRow[];
  bySender: BreakdownRow[];
  rejectionReasons: ReasonRow[];
  thresholds: ChartThresholds;
  // The suppression list: recipients refused now, and added in the range (issue 15).
  suppressions: SuppressionCounts;
  generatedAt: string;
}

async function chartThresholds(senderId: string | undefined, db: Executor): Promise<ChartThresholds> {
  if (senderId) {
    const own = await effectiveThresholds(senderId, db);
    const scope = own.overridden.some((f) => f.startsWith("bounce") || f.startsWith("complaint")) ? "sender" : "global";
    return {
      scope,
      bounceWarnPct: own.bounceWarnPct,
      bounceSuspendPct: own.bounceSuspendPct,
      complaintWarnPct: own.complaintWarnPct,
      complaintSuspendPct: own.complaintSuspendPct,
    };
  }
  const s = await getSettings(
    [
      "reputation.bounceWarnPct",
      "reputation.bounceSuspendPct",
      "reputation.complaintWarnPct",
      "reputation.complaintSuspendPct",
    ],
    db,
  );
  return {
    scope: "global",
    bounceWarnPct: s["reputation.bounceWarnPct"],
    bounceSuspendPct: s["reputation.bounceSuspendPct"],
    complaintWarnPct: s["reputation.complaintWarnPct"],
    complaintSuspendPct: s["reputation.complaintSuspendPct"],
  };
}

// Every known reason is listed (zero where none), so the breakdown always names all of them.
function withAllReasons(rows: { reason: string; label: string; count: number }[]): ReasonRow[] {
  const byReason = new Map(rows.map((r) => [r.reason, r]));
  for (const [reason, label] of Object.entries(REJECTION_REASON_LABELS))
    if (!byReason.has(reason)) byReason.set(reason, { reason, label, count: 0 });
  const total = rows.reduce((a, r) => a + r.count, 0);
  return [...byReason.values()]
    .map((r) => ({ ...r, share: total ? r.count / total : null }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

// One call for the whole page: the time series, totals and breakdowns for the query's range and
// filters, all read from the rollups (never the raw events), in as few scans as their grains and
// bucket sizes allow (unfiltered 30 days: one of the sender grain's day rows for the series,
// totals, senders and reasons, one of the recipient grain's for the recipient domains).
export async function deliverabilityDashboard({
  query,
  now = new Date(),
  db = getDb(),
}: {
  query: unknown;
  now?: Date;
  db?: Executor;
}): Promise<DeliverabilityDashboard> {
  const parsed = parseInput(deliverabilityQuerySchema, query);
  const { from, to } = resolveRange(parsed, now);
  const filter: StatsFilter = {
    from,
    to,
    senderId: parsed.senderId,
    fromDomain: parsed.fromDomain,
    recipientDomain: parsed.recipientDomain,
  };
  const { stepSeconds } = seriesBuckets(filter);
  const [counts, thresholds, tlsRequired, suppressed] = await Promise.all([
    groupedCounts(
      filter,
      { series: { stepSeconds }, totals: null, recipients: "recipientDomain", senders: "senderId", reasons: "reason" },
      db,
    ),
    chartThresholds(parsed.senderId, db),
    getSetting("tls.requiredDomains", db),
    suppressionCounts({ from, to, senderId: parsed.senderId, recipientDomain: parsed.recipientDomain }, now, db),
  ]);
  const series = seriesOf(filter, counts.series);
  return {
    query: parsed,
    range: { from: from.toISOString(), to: to.toISOString() },
    rollup: series.rollup,
    stepSeconds: series.stepSeconds,
    series: series.points,
    totals: totalsOf(counts.totals),
    byRecipientDomain: recipientRowsOf(counts.recipients, tlsRequired),
    bySender: senderRowsOf(counts.senders),
    rejectionReasons: withAllReasons(reasonRowsOf(counts.reasons)),
    thresholds,
    suppressions: suppressed,
    generatedAt: now.toISOString(),
  };
}
