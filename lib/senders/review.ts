import type { SenderStatus } from "@/db/schema/senders";

// Re-certification: a sender still in use whose review date has passed is flagged "needs review".
// Retired and rejected senders are out of use, so they are never flagged. Days are UTC days, the
// same in JavaScript and in SQL (the list query receives today as a parameter).
export const REVIEWABLE_STATUSES = [
  "requested",
  "approved",
  "active",
  "suspended",
] as const satisfies readonly SenderStatus[];

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addYearsUtc(day: string, years: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

export function senderNeedsReview(
  sender: { status: SenderStatus; reviewDate: string },
  today: string = todayUtc(),
): boolean {
  return (REVIEWABLE_STATUSES as readonly string[]).includes(sender.status) && sender.reviewDate < today;
}
