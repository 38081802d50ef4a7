import { and, asc, inArray, lte } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders } from "@/db/schema";
import { todayUtc } from "@/lib/senders/review";
import { addDaysUtc, daysBetween } from "./dates";
import { RECERTIFIABLE_STATUSES } from "./start-campaign";

export interface DueSender {
  id: string;
  name: string;
  status: string;
  contactEmail: string;
  reviewDate: string;
  // Negative: days until the review date; positive: days overdue.
  daysOverdue: number;
}

const DUE_LIST_LIMIT = 200;

// Senders in use whose review date falls within `withinDays` (overdue first).
export async function dueSenders(
  { withinDays, now = new Date() }: { withinDays: number; now?: Date },
  db: Executor = getDb(),
): Promise<DueSender[]> {
  const today = todayUtc(now);
  const rows = await db
    .select({
      id: senders.id,
      name: senders.name,
      status: senders.status,
      contactEmail: senders.contactEmail,
      reviewDate: senders.reviewDate,
    })
    .from(senders)
    .where(
      and(inArray(senders.status, [...RECERTIFIABLE_STATUSES]), lte(senders.reviewDate, addDaysUtc(today, withinDays))),
    )
    .orderBy(asc(senders.reviewDate), asc(senders.name))
    .limit(DUE_LIST_LIMIT);
  return rows.map((r) => ({ ...r, daysOverdue: daysBetween(r.reviewDate, today) }));
}
