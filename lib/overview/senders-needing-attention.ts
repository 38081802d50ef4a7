import { and, eq, isNull, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { alerts, senders } from "@/db/schema";
import { DORMANT_AFTER_DAYS, dormantCredentials } from "@/lib/deliverability/dormant-credentials";
import { listSenders } from "@/lib/senders/list-senders";

export type AttentionKind = "reputation_suspend" | "reputation_warn" | "review_overdue" | "dormant_credential";

export interface AttentionReason {
  kind: AttentionKind;
  text: string;
}

export interface SenderAttention {
  senderId: string;
  senderName: string;
  reasons: AttentionReason[];
}

export interface AttentionSummary {
  senders: SenderAttention[];
  // How many senders need attention in all (the list may be cut at the limit).
  total: number;
  counts: { reputationSuspend: number; reputationWarn: number; reviewOverdue: number; dormantCredentials: number };
}

const RANK: Record<AttentionKind, number> = {
  reputation_suspend: 0,
  reputation_warn: 1,
  review_overdue: 2,
  dormant_credential: 3,
};
// Enough to find every sender in practice; the page shows the first `limit` of them.
const SCAN_LIMIT = 100;

async function openReputationAlerts(db: Executor) {
  return db
    .select({ senderId: senders.id, senderName: senders.name, severity: alerts.severity, title: alerts.title })
    .from(alerts)
    .innerJoin(senders, sql`${senders.id}::text = ${alerts.subjectId}`)
    .where(and(eq(alerts.kind, "reputation"), eq(alerts.subjectType, "sender"), isNull(alerts.resolvedAt)))
    .limit(SCAN_LIMIT);
}

// Senders someone should look at: an open reputation alert (a warning or suspension threshold
// crossed), a review date that has passed, or an active credential unused for 30 days.
export async function sendersNeedingAttention({
  now = new Date(),
  limit = 10,
  db = getDb(),
}: {
  now?: Date;
  limit?: number;
  db?: Executor;
} = {}): Promise<AttentionSummary> {
  const [reputation, overdue, dormant] = await Promise.all([
    openReputationAlerts(db),
    listSenders({ needsReview: true, sort: "reviewDate", dir: "asc", page: 1, pageSize: SCAN_LIMIT }, db),
    dormantCredentials({ now, limit: SCAN_LIMIT, db }),
  ]);
  const bySender = new Map<string, SenderAttention>();
  const add = (senderId: string, senderName: string, reason: AttentionReason) => {
    const entry = bySender.get(senderId) ?? { senderId, senderName, reasons: [] };
    entry.reasons.push(reason);
    bySender.set(senderId, entry);
  };
  for (const a of reputation)
    add(a.senderId, a.senderName, {
      kind: a.severity === "critical" ? "reputation_suspend" : "reputation_warn",
      text: a.title,
    });
  for (const s of overdue.rows)
    add(s.id, s.name, { kind: "review_overdue", text: `Review was due on ${s.reviewDate}` });
  for (const c of dormant.rows) {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const when = c.lastUsedAt ? `last used on ${day(c.lastUsedAt)}` : `never used (issued on ${day(c.createdAt)})`;
    add(c.senderId, c.senderName, {
      kind: "dormant_credential",
      text: `Credential ${c.username} ${when}: dormant for over ${DORMANT_AFTER_DAYS} days`,
    });
  }
  const all = [...bySender.values()];
  for (const entry of all) entry.reasons.sort((a, b) => RANK[a.kind] - RANK[b.kind]);
  all.sort(
    (a, b) =>
      RANK[a.reasons[0].kind] - RANK[b.reasons[0].kind] ||
      b.reasons.length - a.reasons.length ||
      a.senderName.localeCompare(b.senderName),
  );
  return {
    senders: all.slice(0, limit),
    total: all.length,
    counts: {
      reputationSuspend: reputation.filter((a) => a.severity === "critical").length,
      reputationWarn: reputation.filter((a) => a.severity !== "critical").length,
      reviewOverdue: overdue.total,
      dormantCredentials: dormant.total,
    },
  };
}
