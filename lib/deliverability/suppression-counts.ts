import { and, count, desc, eq, gt, gte, ilike, isNull, lt, or, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders, suppressions } from "@/db/schema";

export interface SuppressionSenderCounts {
  // null: suppressed for every sender
  senderId: string | null;
  senderName: string | null;
  suppressedNow: number;
  addedInRange: number;
}

export interface SuppressionCounts {
  suppressedNow: number;
  addedInRange: number;
  bySender: SuppressionSenderCounts[];
}

// How many recipients are suppressed now and how many were added in the range, in all and per
// sender (global ones as "every sender"), for the Deliverability page. A sender filter keeps that
// sender's and the global ones (both stop its mail); a recipient-domain filter matches the address.
export async function suppressionCounts(
  { from, to, senderId, recipientDomain }: { from: Date; to: Date; senderId?: string; recipientDomain?: string },
  now: Date,
  db: Executor = getDb(),
): Promise<SuppressionCounts> {
  const active = and(
    isNull(suppressions.removedAt),
    or(isNull(suppressions.expiresAt), gt(suppressions.expiresAt, now)),
  );
  const added = and(gte(suppressions.createdAt, from), lt(suppressions.createdAt, to));
  const rows = await db
    .select({
      senderId: suppressions.senderId,
      senderName: senders.name,
      suppressedNow: sql<number>`count(*) filter (where ${active})`.mapWith(Number),
      addedInRange: sql<number>`count(*) filter (where ${added})`.mapWith(Number),
    })
    .from(suppressions)
    .leftJoin(senders, eq(senders.id, suppressions.senderId))
    .where(
      and(
        or(active, added),
        senderId ? or(eq(suppressions.senderId, senderId), isNull(suppressions.senderId)) : undefined,
        recipientDomain
          ? ilike(suppressions.address, `%@${recipientDomain.replace(/[\\%_]/g, (c) => `\\${c}`)}`)
          : undefined,
      ),
    )
    .groupBy(suppressions.senderId, senders.name)
    .orderBy(desc(count()));
  const bySender = rows.filter((r) => r.suppressedNow > 0 || r.addedInRange > 0);
  return {
    suppressedNow: bySender.reduce((a, r) => a + r.suppressedNow, 0),
    addedInRange: bySender.reduce((a, r) => a + r.addedInRange, 0),
    bySender,
  };
}
