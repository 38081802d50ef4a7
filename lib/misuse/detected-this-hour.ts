import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type MisuseRule, misuseDetections } from "@/db/schema";
import { HOUR_MS } from "./baseline";

// The window a detection is claimed for: its clock hour (see reactToDetection).
export const detectionWindowStart = (now: Date) => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

// Senders (of those given) that already have a detection of this rule and subject in now's hour.
// A rule whose detection is claimed once per hour cannot raise another for them until the hour
// turns, so its (raw-event) query is skipped for them: under a lasting burst, every ingest batch
// would otherwise rescan the burst's events for nothing. One primary-key lookup.
export async function sendersDetectedThisHour({
  rule,
  subject,
  senderIds,
  now,
}: {
  rule: MisuseRule;
  subject: string;
  senderIds: string[];
  now: Date;
}): Promise<Set<string>> {
  if (senderIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ senderId: misuseDetections.senderId })
    .from(misuseDetections)
    .where(
      and(
        inArray(misuseDetections.senderId, [...new Set(senderIds)]),
        eq(misuseDetections.rule, rule),
        eq(misuseDetections.subject, subject),
        eq(misuseDetections.windowStart, detectionWindowStart(now)),
      ),
    );
  return new Set(rows.map((r) => r.senderId));
}
