import { and, desc, eq, inArray, like } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type DeliveryEvent, deliveryEvents, senders } from "@/db/schema";
import { verifyMessageTag } from "./message-tag";
import { addressOf } from "./mime";
import type { ArfReport } from "./parse-arf";

// Enough rows for a message sent to many recipients; the best one is picked below.
const MAX_CANDIDATES = 200;

export interface ComplaintMatch {
  // message-id: a relay reported this Message-ID; header: only the relay's signed X-Switchyard-Tag.
  by: "message-id" | "header";
  senderId: string | null;
  messageId: string | null;
  credentialId: string | null;
  username: string | null;
  clientIp: string | null;
  fromAddress: string | null;
  recipient: string | null;
  queueId: string | null;
}

async function existingSender(id: string | null, db: Executor): Promise<string | null> {
  if (!id) return null;
  const [row] = await db.select({ id: senders.id }).from(senders).where(eq(senders.id, id));
  return row?.id ?? null;
}

// The relay event for the complaining recipient if the report names one, delivered over accepted.
function bestCandidate(rows: DeliveryEvent[], wanted: Set<string>): DeliveryEvent {
  const score = (r: DeliveryEvent) =>
    (r.recipient && wanted.has(r.recipient.toLowerCase()) ? 2 : 0) + (r.type === "delivered" ? 1 : 0);
  return rows.reduce((best, r) => (score(r) > score(best) ? r : best), rows[0]);
}

// Finds who sent the reported message: the relay's events for its Message-ID first (sender,
// credential, From, recipient), else the relay's signed X-Switchyard-Tag when it verifies and names
// a known sender. Headers a sender can write (X-Switchyard-Sender, …) are never trusted: a forged
// complaint must not count against (or suspend) a sender.
export async function matchComplaint(report: ArfReport, db: Executor = getDb()): Promise<ComplaintMatch | null> {
  const { messageId } = report.original;
  const tag = verifyMessageTag(report.original.switchyardTag, messageId);
  const headerSender = await existingSender(tag?.senderId ?? null, db);
  const switchyardQueueId = tag?.queueId ?? null;
  if (messageId) {
    const rows = await db
      .select()
      .from(deliveryEvents)
      .where(
        and(
          inArray(deliveryEvents.messageId, [messageId, messageId.slice(1, -1)]),
          inArray(deliveryEvents.type, ["accepted", "delivered"]),
          like(deliveryEvents.source, "relay:%"),
        ),
      )
      .orderBy(desc(deliveryEvents.at))
      .limit(MAX_CANDIDATES);
    if (rows.length > 0) {
      const wanted = new Set(
        [...report.originalRcptTo, addressOf(report.original.to)]
          .filter((a): a is string => !!a)
          .map((a) => a.toLowerCase()),
      );
      const best = bestCandidate(rows, wanted);
      // Delivered events may lack what the accepted one knew (older relays): fill from any row.
      const pick = <K extends keyof DeliveryEvent>(key: K) =>
        best[key] ?? rows.find((r) => r[key] != null)?.[key] ?? null;
      return {
        by: "message-id",
        senderId: (pick("senderId") as string | null) ?? headerSender,
        messageId,
        credentialId: pick("credentialId") as string | null,
        username: pick("username") as string | null,
        clientIp: pick("clientIp") as string | null,
        fromAddress: pick("fromAddress") as string | null,
        recipient: best.recipient,
        queueId: (pick("queueId") as string | null) ?? switchyardQueueId,
      };
    }
  }
  if (!headerSender) return null;
  return {
    by: "header",
    senderId: headerSender,
    messageId,
    credentialId: null,
    username: null,
    clientIp: null,
    fromAddress: report.originalMailFrom ?? addressOf(report.original.from),
    recipient: null,
    queueId: switchyardQueueId,
  };
}
