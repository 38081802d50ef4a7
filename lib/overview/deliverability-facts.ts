import { NIL_UUID } from "@/db/schema";
import {
  type BreakdownRow,
  bySender,
  CONTENT_REJECTION_REASONS,
  rejectionReasons,
  totals,
} from "@/lib/deliverability/breakdowns";
import type { OutcomeCounts, Rates } from "@/lib/deliverability/rates";
import { listEngagedKillSwitches } from "@/lib/kill-switch/list-kill-switches";
import { listRelays } from "@/lib/relays/list-relays";
import { type AttentionSummary, sendersNeedingAttention } from "./senders-needing-attention";

const DAY_MS = 24 * 60 * 60 * 1000;
const TOP_SENDERS = 5;

export type DayFigures = OutcomeCounts & Rates;

export interface DeliverabilityFacts {
  relays: { total: number; up: number; onCurrentVersion: number; currentVersion: number };
  killSwitches: { engaged: number; global: boolean };
  // UTC days: today so far, and the whole of yesterday.
  day: { today: string; todayStart: string; yesterdayStart: string };
  today: DayFigures;
  yesterday: DayFigures;
  topSenders: BreakdownRow[];
  attention: AttentionSummary;
  // Today's rejections by content security (virus, spam, DLP, …), largest first.
  contentRejections: { total: number; reasons: { reason: string; label: string; count: number }[] };
}

export function utcDayStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

// The Overview's deliverability block: fleet state, switches, today against yesterday, the
// busiest senders today and the senders that need someone to look at them.
export async function deliverabilityFacts({ now = new Date() }: { now?: Date } = {}): Promise<DeliverabilityFacts> {
  const todayStart = utcDayStart(now);
  const yesterdayStart = new Date(todayStart.getTime() - DAY_MS);
  const today = { from: todayStart, to: now };
  const [fleet, engaged, todayTotals, yesterdayTotals, senderRows, attention, reasons] = await Promise.all([
    listRelays(),
    listEngagedKillSwitches({ now }),
    totals(today),
    totals({ from: yesterdayStart, to: todayStart }),
    bySender(today),
    sendersNeedingAttention({ now }),
    rejectionReasons(today),
  ]);
  const content = reasons.filter((r) => (CONTENT_REJECTION_REASONS as readonly string[]).includes(r.reason));
  const live = fleet.relays.filter((r) => r.health !== "revoked");
  const up = live.filter((r) => r.health === "healthy");
  return {
    relays: {
      total: live.length,
      up: up.length,
      onCurrentVersion: up.filter((r) => r.lag === 0).length,
      currentVersion: fleet.currentVersion,
    },
    killSwitches: { engaged: engaged.length, global: engaged.some((k) => k.scope === "global") },
    day: {
      today: todayStart.toISOString().slice(0, 10),
      todayStart: todayStart.toISOString(),
      yesterdayStart: yesterdayStart.toISOString(),
    },
    today: todayTotals,
    yesterday: yesterdayTotals,
    // By messages accepted; mail nobody could be matched to (failed authentication) is no sender.
    topSenders: senderRows
      .filter((r) => r.key !== NIL_UUID)
      .sort((a, b) => b.accepted - a.accepted || b.delivered - a.delivered || a.label.localeCompare(b.label))
      .slice(0, TOP_SENDERS),
    attention,
    contentRejections: { total: content.reduce((a, r) => a + r.count, 0), reasons: content },
  };
}
