import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { NIL_UUID, type NewDeliveryStat, deliveryStats } from "@/db/schema";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const ROLLUP_BUCKETS = [
  ["minute", MINUTE_MS],
  ["hour", HOUR_MS],
  ["day", DAY_MS],
] as const;
export const ROLLUP_GRAINS = ["sender", "recipient", "full"] as const;

export interface RollupInput {
  at: Date;
  type: NewDeliveryStat["outcome"];
  senderId: string | null;
  reason: string | null;
  // For bounces: hard | soft (kept in the reason dimension of the rollups).
  bounceType?: string | null;
  fromAddress: string | null;
  recipientDomain: string | null;
}

export function domainOf(address: string | null | undefined): string {
  if (!address) return "";
  const at = address.lastIndexOf("@");
  return at >= 0 ? address.slice(at + 1).replace(/>$/, "").trim().toLowerCase() : "";
}

// The dimensions a grain keeps (see rollupGrainEnum): the others become "" / the nil uuid.
function grainDims(grain: NewDeliveryStat["grain"] & string, e: RollupInput) {
  const full = {
    senderId: e.senderId ?? NIL_UUID,
    outcome: e.type,
    reason: (e.type === "bounced" ? e.bounceType : e.reason) ?? "",
    fromDomain: domainOf(e.fromAddress),
    recipientDomain: e.recipientDomain ?? "",
  };
  if (grain === "sender") return { ...full, recipientDomain: "" };
  if (grain === "recipient") return { ...full, senderId: NIL_UUID, reason: "", fromDomain: "" };
  return full;
}

// Counts events per (grain, bucket, sender, outcome, reason, from domain, recipient domain) for
// every grain and minute, hour and day buckets, sorted by key so concurrent batches take row
// locks in the same order.
export function rollupRows(events: RollupInput[]): NewDeliveryStat[] {
  const rows = new Map<string, NewDeliveryStat>();
  for (const e of events) {
    for (const grain of ROLLUP_GRAINS) {
      const dims = grainDims(grain, e);
      for (const [bucketSize, size] of ROLLUP_BUCKETS) {
        const bucketStart = new Date(Math.floor(e.at.getTime() / size) * size);
        const key = [grain, bucketSize, bucketStart.toISOString(), dims.senderId, dims.outcome, dims.reason, dims.fromDomain, dims.recipientDomain].join("\u0000");
        const row = rows.get(key);
        if (row) row.count++;
        else rows.set(key, { grain, bucketSize, bucketStart, ...dims, count: 1 });
      }
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

const UPSERT_CHUNK = 1000;

// Adds the events' counts to the rollups, inside the caller's (ingest) transaction.
export async function applyRollups(tx: Executor, events: RollupInput[]): Promise<void> {
  const rows = rollupRows(events);
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await tx
      .insert(deliveryStats)
      .values(rows.slice(i, i + UPSERT_CHUNK))
      .onConflictDoUpdate({
        target: [deliveryStats.grain, deliveryStats.bucketSize, deliveryStats.bucketStart, deliveryStats.senderId, deliveryStats.outcome, deliveryStats.reason, deliveryStats.fromDomain, deliveryStats.recipientDomain],
        set: { count: sql`${deliveryStats.count} + excluded.count` },
      });
  }
}
