import { type Executor, getDb } from "@/db/client";
import { groupedCounts } from "@/lib/deliverability/query-stats";
import type { OutcomeCounts } from "@/lib/deliverability/rates";
import { effectiveThresholds, type Thresholds } from "./thresholds";

const HOUR_MS = 3600_000;

export type ReputationLevel = "ok" | "warn" | "suspend" | "insufficient_volume";

export interface SenderReputation {
  senderId: string;
  windowHours: number;
  attempts: number;
  delivered: number;
  hardBounces: number;
  complaints: number;
  // Percentages (0-100), null without enough data to divide by.
  bounceRatePct: number | null;
  complaintRatePct: number | null;
  level: ReputationLevel;
  // What crossed which threshold, in words (used as the alert text and the kill-switch reason).
  findings: string[];
  thresholds: Thresholds;
}

const pct = (n: number, d: number) => (d ? (n / d) * 100 : null);
const fmt = (n: number) => `${n.toFixed(n < 1 ? 2 : 1)} %`;

// A sender's bounce rate (hard bounces / final attempts) and complaint rate (complaints /
// delivered) over the rolling window, judged only above the minimum volume.
export async function senderReputation(
  senderId: string,
  { now = new Date(), db = getDb() }: { now?: Date; db?: Executor } = {},
): Promise<SenderReputation> {
  const thresholds = await effectiveThresholds(senderId, db);
  const from = new Date(now.getTime() - thresholds.windowHours * HOUR_MS);
  const { rows } = await groupedCounts(
    { from, to: new Date(now.getTime() + 60_000), senderId },
    { rows: "reason" },
    db,
  );
  const sum = (outcome: keyof OutcomeCounts, reason?: string) =>
    rows.filter((r) => reason === undefined || r.key === reason).reduce((a, r) => a + r.counts[outcome], 0);
  const delivered = sum("delivered");
  const bounced = sum("bounced");
  const hardBounces = sum("bounced", "hard");
  // A "not-spam" feedback report (RFC 6650) is the opposite of a complaint.
  const complaints = sum("complained") - sum("complained", "not-spam");
  const attempts = delivered + bounced;
  const bounceRatePct = pct(hardBounces, attempts);
  const complaintRatePct = pct(complaints, delivered);
  const findings: string[] = [];
  let level: ReputationLevel = "ok";
  if (attempts < thresholds.minVolume) {
    level = "insufficient_volume";
  } else {
    const judge = (name: string, value: number | null, warn: number, suspend: number) => {
      if (value === null) return;
      if (value >= suspend) {
        level = "suspend";
        findings.push(`${name} ${fmt(value)} ≥ ${fmt(suspend)} (suspension threshold)`);
      } else if (value >= warn) {
        if (level === "ok") level = "warn";
        findings.push(`${name} ${fmt(value)} ≥ ${fmt(warn)} (warning threshold)`);
      }
    };
    judge("bounce rate", bounceRatePct, thresholds.bounceWarnPct, thresholds.bounceSuspendPct);
    judge("complaint rate", complaintRatePct, thresholds.complaintWarnPct, thresholds.complaintSuspendPct);
  }
  return {
    senderId,
    windowHours: thresholds.windowHours,
    attempts,
    delivered,
    hardBounces,
    complaints,
    bounceRatePct,
    complaintRatePct,
    level,
    findings,
    thresholds,
  };
}
