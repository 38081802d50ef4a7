import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deliveryStats } from "@/db/schema";
import { MINUTE_ROLLUP_RETENTION_MS } from "@/lib/deliverability/buckets";
import { getSettings } from "@/lib/settings/settings";
import { dropEventPartitionsBefore } from "./event-partitions";

const DAY_MS = 24 * 3600 * 1000;

// Raw events are kept for retention.rawEventsDays (default 30) — whole days: a day's partition
// is dropped once all of it is older than that, so an event stays up to one day longer —, minute rollups for 3 days (the
// hour rollups cover older ranges), hour and day rollups (every grain) for
// retention.rollupMonths (default 13; hourRollups counts both).
export async function applyRetention(
  now = new Date(),
): Promise<{ events: number; minuteRollups: number; hourRollups: number }> {
  const db = getDb();
  const settings = await getSettings(["retention.rawEventsDays", "retention.rollupMonths"]);
  const eventsBefore = new Date(now.getTime() - settings["retention.rawEventsDays"] * DAY_MS);
  const minutesBefore = new Date(now.getTime() - MINUTE_ROLLUP_RETENTION_MS);
  const hoursBefore = new Date(now);
  hoursBefore.setUTCMonth(hoursBefore.getUTCMonth() - settings["retention.rollupMonths"]);
  const events = await dropEventPartitionsBefore(eventsBefore);
  const minutes = await db
    .delete(deliveryStats)
    .where(and(eq(deliveryStats.bucketSize, "minute"), lt(deliveryStats.bucketStart, minutesBefore)))
    .returning({ s: deliveryStats.bucketStart });
  const hours = await db
    .delete(deliveryStats)
    .where(and(inArray(deliveryStats.bucketSize, ["hour", "day"]), lt(deliveryStats.bucketStart, hoursBefore)))
    .returning({ s: deliveryStats.bucketStart });
  return { events, minuteRollups: minutes.length, hourRollups: hours.length };
}
