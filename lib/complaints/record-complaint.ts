import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { deliveryEvents, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { ensureEventPartitions } from "@/lib/events/event-partitions";
import { domainOf } from "@/lib/events/rollup";
import { type StoredEvent, storeEvents } from "@/lib/events/store-events";
import { reputationChecksSettled, scheduleReputationCheck } from "@/lib/reputation/evaluate-after-ingest";
import { countComplaint } from "@/lib/server/metrics/record-metrics";
import { suppressComplainant } from "@/lib/suppressions/suppress-complaint";
import type { RecordComplaintInput } from "@/lib/validations/complaints";
import { type ComplaintMatch, matchComplaint } from "./match-complaint";
import { addressOf } from "./mime";
import { type ArfReport, type FeedbackType, parseArf } from "./parse-arf";

// Complaints are not reported by a relay: their own source keeps their ids apart from relay ids.
export const FEEDBACK_LOOP_SOURCE = "feedback-loop";

export interface ComplaintResult {
  eventId: string;
  // true when this report was recorded before: it counted once, then.
  duplicate: boolean;
  matched: {
    by: ComplaintMatch["by"];
    senderId: string | null;
    senderName: string | null;
    messageId: string | null;
  } | null;
  feedbackType: FeedbackType;
}

// Run after a complaint is committed, with the senders it concerns (reputation evaluation hooks
// in here). Errors are logged, never undo the recorded complaint.
export const afterComplaintHooks: Array<(senderIds: string[]) => Promise<void>> = [
  // A complaint is rare and may suspend its sender: judged before the report's answer.
  async (senderIds) => {
    scheduleReputationCheck(senderIds.map((senderId) => ({ senderId, type: "complained" })));
    await reputationChecksSettled();
  },
];

// Same report, same id: the original Message-ID, the complaining recipient(s), the arrival date
// and the feedback type. Without a Message-ID the original's From/To/Subject stand in for it.
export function complaintEventId(report: ArfReport): string {
  const { original } = report;
  const key = [
    original.messageId ?? "",
    [...report.originalRcptTo]
      .map((a) => a.toLowerCase())
      .sort()
      .join(","),
    report.arrivalDate?.toISOString() ?? report.arrivalDateRaw ?? "",
    report.feedbackTypeRaw,
    original.messageId ? "" : [original.from, original.to, original.subject].join("\n"),
  ].join("\u0000");
  return `arf-${createHash("sha256").update(key).digest("hex")}`;
}

function toRow(report: ArfReport, eventId: string, match: ComplaintMatch | null): StoredEvent {
  const reported = report.originalRcptTo[0] ?? addressOf(report.original.to);
  // A provider that redacts the address still names the right domain; the relay's own record
  // of the recipient is better when the report names none.
  const recipient = reported ?? match?.recipient ?? null;
  const detail = [
    report.userAgent ? `Reported by ${report.userAgent}` : "Reporter unknown",
    report.sourceIp ? `source IP ${report.sourceIp}` : null,
    report.feedbackType !== report.feedbackTypeRaw ? `Feedback-Type ${report.feedbackTypeRaw}` : null,
  ]
    .filter(Boolean)
    .join("; ");
  return {
    source: FEEDBACK_LOOP_SOURCE,
    relayId: null,
    eventId,
    type: "complained",
    at: report.reportDate ?? new Date(),
    messageId: report.original.messageId,
    queueId: match?.queueId ?? null,
    senderId: match?.senderId ?? null,
    credentialId: match?.credentialId ?? null,
    username: match?.username ?? null,
    clientIp: match?.clientIp ?? null,
    fromAddress: match?.fromAddress ?? report.originalMailFrom ?? addressOf(report.original.from),
    recipient: recipient?.slice(0, 320) ?? null,
    recipientDomain: domainOf(recipient) || null,
    reason: report.feedbackType,
    smtpCode: null,
    enhancedCode: null,
    bounceType: null,
    detail: detail.slice(0, 1000),
    tls: null,
    policyVersion: null,
    count: 1,
  };
}

// Whether this report was recorded before, whatever its `at`: a report without a Date header is
// dated on arrival, so a resent one would not meet the first on the primary key (source, id, at).
// The lock serialises two copies of one report arriving at once, until the first commits.
async function alreadyRecorded(tx: Tx, eventId: string): Promise<boolean> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`complaint:${eventId}`}, 0))`);
  const [row] = await tx
    .select({ eventId: deliveryEvents.eventId })
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.source, FEEDBACK_LOOP_SOURCE), eq(deliveryEvents.eventId, eventId)))
    .limit(1);
  return row !== undefined;
}

async function senderName(id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await getDb().select({ name: senders.name }).from(senders).where(eq(senders.id, id));
  return row?.name ?? null;
}

async function runHooks(senderIds: string[]): Promise<void> {
  for (const hook of afterComplaintHooks) {
    try {
      await hook(senderIds);
    } catch (error) {
      console.error("[complaints] after-complaint hook failed:", error instanceof Error ? error.message : error);
    }
  }
}

// One ARF report → one `complained` event (idempotent by the report), matched to the sender and
// message it is about, counted in the rollups and audited in the same transaction.
export async function recordComplaint({
  actor,
  input,
}: {
  actor: Actor;
  input: RecordComplaintInput;
}): Promise<ComplaintResult> {
  const { report: raw } = input;
  let report: ArfReport;
  try {
    report = parseArf(typeof raw === "string" ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (error) {
    countComplaint("invalid");
    throw error;
  }
  const eventId = complaintEventId(report);
  const match = await matchComplaint(report);
  const row = toRow(report, eventId, match);
  await ensureEventPartitions([row.at]);
  const inserted = await getDb().transaction(async (tx) => {
    if (await alreadyRecorded(tx, eventId)) return false;
    // The same path as relay events: stored and counted in the rollups by one statement.
    if ((await storeEvents(tx, [row])).size === 0) return false;
    // What was recorded and why it was attributed; never the message itself.
    await writeAudit(tx, actor, {
      action: "complaint.record",
      targetType: "delivery_event",
      targetId: eventId,
      after: {
        feedbackType: report.feedbackTypeRaw,
        userAgent: report.userAgent,
        sourceIp: report.sourceIp,
        messageId: row.messageId,
        matchedBy: match?.by ?? null,
        senderId: row.senderId ?? null,
        recipientDomain: row.recipientDomain ?? null,
      },
    });
    await suppressComplainant(tx, {
      feedbackType: report.feedbackType,
      senderId: row.senderId ?? null,
      // The recipient the event records: the reported one, else the relay's record of the message's.
      recipient: row.recipient ?? null,
      detail: row.detail ?? null,
    });
    return true;
  });
  countComplaint(inserted ? "recorded" : "duplicate");
  if (inserted && row.senderId) await runHooks([row.senderId]);
  return {
    eventId,
    duplicate: !inserted,
    matched: match
      ? {
          by: match.by,
          senderId: match.senderId,
          senderName: await senderName(match.senderId),
          messageId: match.messageId,
        }
      : null,
    feedbackType: report.feedbackType,
  };
}
