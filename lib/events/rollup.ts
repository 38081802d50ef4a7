import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { deliveryStats, type NewDeliveryStat, NIL_UUID } from "@/db/schema";
import { unnest } from "@/db/unnest";

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
  // When it happened (epoch milliseconds).
  atMs: number;
  type: NewDeliveryStat["outcome"];
  senderId: string | null;
  reason: string | null;
  // For bounces: hard | soft (kept in the reason dimension of the rollups).
  bounceType?: string | null;
  // For deliveries: over TLS or not (kept in the reason dimension as "tls" / "no_tls", see below).
  tls?: boolean | null;
  fromAddress: string | null;
  recipientDomain: string | null;
  // How many occurrences the event stands for (an aggregated refusal: several); 1 if absent.
  count?: number;
}

export function domainOf(address: string | null | undefined): string {
  if (!address) return "";
  const at = address.lastIndexOf("@");
  return at >= 0
    ? address
        .slice(at + 1)
        .replace(/>$/, "")
        .trim()
        .toLowerCase()
    : "";
}

// The reason dimension of a delivery: whether it went out over TLS, so the recipient-domain table
// can show each domain's TLS share over the whole range the rollups keep (raw events are dropped
// after retention.rawEventDays). "" = not known (older relays, events before TLS was reported).
export const DELIVERED_TLS = "tls";
export const DELIVERED_NO_TLS = "no_tls";

// What a rollup row keeps in its reason dimension: bounce type for bounces, TLS for deliveries.
function reasonOf(e: RollupInput): string {
  if (e.type === "bounced") return e.bounceType ?? "";
  if (e.type === "delivered") return e.tls === true ? DELIVERED_TLS : e.tls === false ? DELIVERED_NO_TLS : "";
  return e.reason ?? "";
}

type Grain = (typeof ROLLUP_GRAINS)[number];
type BucketSize = (typeof ROLLUP_BUCKETS)[number][0];

interface RollupRow {
  grain: Grain;
  bucketSize: BucketSize;
  bucketStartMs: number;
  senderId: string;
  outcome: NewDeliveryStat["outcome"];
  reason: string;
  fromDomain: string;
  recipientDomain: string;
  count: number;
}

// One event's dimensions, all of them (the "full" grain).
interface Dims {
  senderId: string;
  outcome: NewDeliveryStat["outcome"];
  reason: string;
  fromDomain: string;
  recipientDomain: string;
}

// The dimensions a grain keeps (see rollupGrainEnum): the others become "" / the nil uuid. The
// recipient grain keeps a delivery's TLS reason (the per-domain TLS share reads it there).
function grainDims(grain: Grain, full: Dims): Dims {
  if (grain === "sender") return { ...full, recipientDomain: "" };
  if (grain === "recipient") {
    const reason = full.outcome === "delivered" ? full.reason : "";
    return { ...full, senderId: NIL_UUID, reason, fromDomain: "" };
  }
  return full;
}

const SEP = "\u0000";

// Counts events per (grain, bucket, sender, outcome, reason, from domain, recipient domain) for
// every grain and minute, hour and day buckets, sorted by key so concurrent batches take row
// locks in the same order. Events are first counted per minute and raw dimensions (one string
// key per event), and only those few groups are spread over grains and bucket sizes.
export function rollupRows(events: RollupInput[]): RollupRow[] {
  const perMinute = new Map<string, { minuteMs: number; e: RollupInput; count: number }>();
  for (const e of events) {
    const minuteMs = Math.floor(e.atMs / MINUTE_MS) * MINUTE_MS;
    const reason = reasonOf(e);
    const key = `${minuteMs}${SEP}${e.senderId}${SEP}${e.type}${SEP}${reason}${SEP}${e.fromAddress}${SEP}${e.recipientDomain}`;
    const group = perMinute.get(key);
    const count = e.count ?? 1;
    if (group) group.count += count;
    else perMinute.set(key, { minuteMs, e, count });
  }
  const rows = new Map<string, RollupRow>();
  for (const { minuteMs, e, count } of perMinute.values()) {
    const full: Dims = {
      senderId: e.senderId ?? NIL_UUID,
      outcome: e.type,
      reason: reasonOf(e),
      fromDomain: domainOf(e.fromAddress),
      recipientDomain: e.recipientDomain ?? "",
    };
    for (const grain of ROLLUP_GRAINS) {
      const dims = grainDims(grain, full);
      const dimsKey = `${dims.senderId}${SEP}${dims.outcome}${SEP}${dims.reason}${SEP}${dims.fromDomain}${SEP}${dims.recipientDomain}`;
      for (const [bucketSize, size] of ROLLUP_BUCKETS) {
        const bucketStartMs = Math.floor(minuteMs / size) * size;
        // Fixed-width bucket start: keys sort by time within a grain and bucket size.
        const key = `${grain}${SEP}${bucketSize}${SEP}${String(bucketStartMs).padStart(15, "0")}${SEP}${dimsKey}`;
        const row = rows.get(key);
        if (row) row.count += count;
        else rows.set(key, { grain, bucketSize, bucketStartMs, ...dims, count });
      }
    }
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

// Adds the events' counts to the rollups, inside the caller's (ingest) transaction: one upsert
// whatever the number of rows.
export async function applyRollups(tx: Executor, events: RollupInput[]): Promise<void> {
  const rows = rollupRows(events);
  if (rows.length === 0) return;
  const column = <T>(pick: (row: RollupRow) => T) => rows.map(pick);
  await tx.execute(sql`
    insert into ${deliveryStats} (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select * from ${unnest([
      [column((r) => r.grain), "rollup_grain"],
      [column((r) => r.bucketSize), "bucket_size"],
      [column((r) => new Date(r.bucketStartMs).toISOString()), "timestamptz"],
      [column((r) => r.senderId), "uuid"],
      [column((r) => r.outcome), "delivery_event_type"],
      [column((r) => r.reason), "text"],
      [column((r) => r.fromDomain), "text"],
      [column((r) => r.recipientDomain), "text"],
      [column((r) => r.count), "bigint"],
    ])}
    on conflict (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain)
    do update set count = ${deliveryStats.count} + excluded.count`);
}
