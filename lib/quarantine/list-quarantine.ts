import { and, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { type QuarantineStatus, quarantinedMessages, relays, senders } from "@/db/schema";
import { invalidFields } from "@/lib/errors";
import type { ListQuarantineInput } from "@/lib/validations/quarantine";

export interface QuarantineRow {
  id: string;
  receivedAt: Date;
  senderId: string | null;
  senderName: string | null;
  fromAddress: string | null;
  recipientCount: number;
  subject: string | null;
  verdict: string;
  relayId: string;
  relayName: string | null;
  status: QuarantineStatus;
}

export interface QuarantinePage {
  rows: QuarantineRow[];
  // Cursor for the next (older) page; null on the last page.
  nextBefore: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// Cursor = "<ISO time>|<id>", base64url: keyset pagination stays stable while relays report more.
const encodeCursor = (row: { receivedAt: Date; id: string }) =>
  Buffer.from(`${row.receivedAt.toISOString()}|${row.id}`).toString("base64url");

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!at || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at)))
    throw invalidFields({ before: ["before must be a cursor from the previous page"] });
  return { at: new Date(at).toISOString(), id };
}

function filtersOf(input: ListQuarantineInput): SQL[] {
  const q = quarantinedMessages;
  const where: SQL[] = [];
  if (input.status) where.push(eq(q.status, input.status));
  if (input.relay) where.push(eq(q.relayId, input.relay));
  if (input.sender) {
    const like = `%${escapeLike(input.sender)}%`;
    where.push(
      z.uuid().safeParse(input.sender).success
        ? eq(q.senderId, input.sender)
        : (or(ilike(senders.name, like), ilike(senders.slug, like), ilike(q.fromAddress, like)) as SQL),
    );
  }
  if (input.rule) {
    const like = `%${escapeLike(input.rule)}%`;
    // The verdict names the rule that held it; the findings name every rule that matched.
    where.push(
      or(
        ilike(q.verdict, like),
        sql`exists (select 1 from jsonb_array_elements(${q.findings}) f where f->>'ruleName' ilike ${like})`,
      ) as SQL,
    );
  }
  return where;
}

// Held messages and what became of them, newest first, filtered by status, sender (id, name or
// From address), rule or verdict text, and relay.
export async function listQuarantine(input: ListQuarantineInput, db: Executor = getDb()): Promise<QuarantinePage> {
  const q = quarantinedMessages;
  const cursor = input.before ? decodeCursor(input.before) : null;
  const rows = await db
    .select({
      id: q.id,
      receivedAt: q.receivedAt,
      senderId: q.senderId,
      senderName: senders.name,
      fromAddress: q.fromAddress,
      recipientCount: sql<number>`cardinality(${q.recipients})`.mapWith(Number),
      subject: q.subject,
      verdict: q.verdict,
      relayId: q.relayId,
      relayName: relays.name,
      status: q.status,
    })
    .from(q)
    .leftJoin(senders, eq(senders.id, q.senderId))
    .leftJoin(relays, eq(relays.id, q.relayId))
    .where(
      and(
        ...filtersOf(input),
        cursor ? sql`(${q.receivedAt}, ${q.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(q.receivedAt), desc(q.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { rows: page, nextBefore: rows.length > input.limit ? encodeCursor(page[page.length - 1]) : null };
}

// Messages still waiting on a person (held, or awaiting the second person of a release): the
// Overview's figure.
export async function countOpenQuarantine(db: Executor = getDb()): Promise<{ held: number; awaitingRelease: number }> {
  const rows = await db
    .select({ status: quarantinedMessages.status, n: count() })
    .from(quarantinedMessages)
    .where(inArray(quarantinedMessages.status, ["held", "release_requested"]))
    .groupBy(quarantinedMessages.status);
  const of = (s: QuarantineStatus) => rows.find((r) => r.status === s)?.n ?? 0;
  return { held: of("held"), awaitingRelease: of("release_requested") };
}
