import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deliveryEvents, senders } from "@/db/schema";
import { invalidFields } from "@/lib/errors";
import type { ListComplaintsInput } from "@/lib/validations/complaints";

export interface ComplaintRow {
  eventId: string;
  at: Date;
  receivedAt: Date;
  senderId: string | null;
  senderName: string | null;
  feedbackType: string | null;
  recipient: string | null;
  messageId: string | null;
  fromAddress: string | null;
  detail: string | null;
}

export interface ComplaintPage {
  rows: ComplaintRow[];
  // Cursor for the next (older) page; null on the last page.
  nextBefore: string | null;
}

// Cursor = "<ISO time>|<event id>", base64url: keyset pagination stays stable while new
// complaints arrive.
const encodeCursor = (row: { at: Date; eventId: string }) =>
  Buffer.from(`${row.at.toISOString()}|${row.eventId}`).toString("base64url");

function decodeCursor(cursor: string): { at: string; eventId: string } {
  const [at, eventId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!at || !eventId || Number.isNaN(Date.parse(at)))
    throw invalidFields({ before: ["before must be a cursor from the previous page"] });
  return { at: new Date(at).toISOString(), eventId };
}

// Recent complaints, newest first, with the sender's name where the complaint was matched.
export async function listComplaints({ before, limit }: ListComplaintsInput): Promise<ComplaintPage> {
  const cursor = before ? decodeCursor(before) : null;
  const rows = await getDb()
    .select({
      eventId: deliveryEvents.eventId,
      at: deliveryEvents.at,
      receivedAt: deliveryEvents.receivedAt,
      senderId: deliveryEvents.senderId,
      senderName: senders.name,
      feedbackType: deliveryEvents.reason,
      recipient: deliveryEvents.recipient,
      messageId: deliveryEvents.messageId,
      fromAddress: deliveryEvents.fromAddress,
      detail: deliveryEvents.detail,
    })
    .from(deliveryEvents)
    .leftJoin(senders, eq(senders.id, deliveryEvents.senderId))
    .where(
      and(
        eq(deliveryEvents.type, "complained"),
        cursor
          ? sql`(${deliveryEvents.at}, ${deliveryEvents.eventId}) < (${cursor.at}::timestamptz, ${cursor.eventId})`
          : undefined,
      ),
    )
    .orderBy(desc(deliveryEvents.at), desc(deliveryEvents.eventId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: rows.length > limit ? encodeCursor(page[page.length - 1]) : null };
}
