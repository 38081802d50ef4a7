import { and, eq, gt, gte, inArray, lt, lte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deliveryStats, senders } from "@/db/schema";
import { getSettings } from "@/lib/settings/settings";
import {
  BASELINE_DAYS,
  DAY_MS,
  describeVolume,
  formatRate,
  HOUR_MS,
  VOLUME_WINDOW_MS,
  type VolumeVerdict,
  volumeBaseline,
  volumeVerdict,
} from "./baseline";
import type { Detection } from "./react-to-detection";

// Accepted messages of each sender in the window (now − 60 min, now], from the minute rollups.
async function windowCounts(senderIds: string[], now: Date): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ senderId: deliveryStats.senderId, n: sql<string>`sum(${deliveryStats.count})` })
    .from(deliveryStats)
    .where(
      and(
        eq(deliveryStats.grain, "sender"),
        eq(deliveryStats.bucketSize, "minute"),
        gt(deliveryStats.bucketStart, new Date(now.getTime() - VOLUME_WINDOW_MS)),
        lte(deliveryStats.bucketStart, now),
        inArray(deliveryStats.senderId, senderIds),
        eq(deliveryStats.outcome, "accepted"),
      ),
    )
    .groupBy(deliveryStats.senderId);
  return new Map(rows.map((r) => [r.senderId, Number(r.n)]));
}

// The sender's accepted messages per clock hour over the baseline's range (hour rollups).
async function hourlyHistory(senderId: string, now: Date): Promise<Map<number, number>> {
  const h = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const rows = await getDb()
    .select({ start: deliveryStats.bucketStart, n: sql<string>`sum(${deliveryStats.count})` })
    .from(deliveryStats)
    .where(
      and(
        eq(deliveryStats.senderId, senderId),
        eq(deliveryStats.grain, "sender"),
        eq(deliveryStats.bucketSize, "hour"),
        gte(deliveryStats.bucketStart, new Date(h - BASELINE_DAYS * DAY_MS - HOUR_MS)),
        lt(deliveryStats.bucketStart, new Date(h - HOUR_MS)),
        eq(deliveryStats.outcome, "accepted"),
      ),
    )
    .groupBy(deliveryStats.bucketStart);
  return new Map(rows.map((r) => [new Date(r.start).getTime(), Number(r.n)]));
}

export interface VolumeCheck {
  senderId: string;
  verdict: VolumeVerdict;
}

// Judges each sender's last hour against its own history. The history is read only for senders
// whose last hour reaches the floor (the common case costs one query for all senders).
export async function checkVolume({
  senderIds,
  now = new Date(),
}: {
  senderIds: string[];
  now?: Date;
}): Promise<{ checks: VolumeCheck[]; detections: Detection[] }> {
  if (senderIds.length === 0) return { checks: [], detections: [] };
  const settings = await getSettings(["misuse.volumeFloor", "misuse.volumeFactor"]);
  const floor = settings["misuse.volumeFloor"];
  const factor = settings["misuse.volumeFactor"];
  const counts = await windowCounts([...new Set(senderIds)], now);
  const checks: VolumeCheck[] = [];
  const detections: Detection[] = [];
  for (const [senderId, value] of counts) {
    if (value < floor) continue;
    const verdict = volumeVerdict({
      value,
      baseline: volumeBaseline(await hourlyHistory(senderId, now), now),
      factor,
      floor,
    });
    checks.push({ senderId, verdict });
    if (!verdict.spike) continue;
    const [sender] = await getDb().select({ name: senders.name }).from(senders).where(eq(senders.id, senderId));
    const b = verdict.baseline;
    detections.push({
      senderId,
      senderName: sender?.name ?? senderId,
      rule: "volume_spike",
      subject: "",
      value,
      baseline: `usual ${formatRate(b.usualPerHour)}/h`,
      title: `${sender?.name ?? senderId}: ${describeVolume(verdict)}`,
      detail: {
        windowMinutes: VOLUME_WINDOW_MS / 60_000,
        usualPerHour: b.usualPerHour,
        mean24h: b.mean24h,
        sameHourMedian7d: b.sameHourMedian7d,
        factor,
        floor,
        ratio: Number.isFinite(verdict.ratio) ? verdict.ratio : null,
      },
      target: { scope: "sender", id: senderId },
    });
  }
  return { checks, detections };
}
