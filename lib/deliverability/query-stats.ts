import { and, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type DeliveryStat, deliveryStats } from "@/db/schema";
import { chooseBuckets, type RollupSize, rollupSegments } from "./buckets";

export interface StatsFilter {
  from: Date;
  to: Date;
  senderId?: string;
  fromDomain?: string;
  recipientDomain?: string;
}

export type StatsDimension = "senderId" | "recipientDomain" | "reason" | "fromDomain";
export type RollupGrain = DeliveryStat["grain"];

// The smallest rollup grain that keeps every dimension the query filters or groups by: without
// the recipient domain, "sender"; the recipient domain alone, "recipient"; the recipient domain
// with anything else, "full".
export function chooseGrain(filter: StatsFilter, dimension: StatsDimension | null): RollupGrain {
  const needs = new Set<StatsDimension>();
  if (filter.senderId) needs.add("senderId");
  if (filter.fromDomain) needs.add("fromDomain");
  if (filter.recipientDomain) needs.add("recipientDomain");
  if (dimension) needs.add(dimension);
  if (!needs.has("recipientDomain")) return "sender";
  return needs.size === 1 ? "recipient" : "full";
}

// The WHERE of every rollup query: one grain, the range's bucket sizes and times, the optional
// dimensions.
export function statsWhere(filter: StatsFilter, rollup: RollupSize, grain: RollupGrain, extra: SQL[] = []): SQL {
  const segments = rollupSegments(filter.from, filter.to, rollup).map((s) => and(eq(deliveryStats.bucketSize, s.bucketSize), gte(deliveryStats.bucketStart, s.from), lt(deliveryStats.bucketStart, s.to))!);
  const where: SQL[] = [eq(deliveryStats.grain, grain), segments.length === 1 ? segments[0] : or(...segments)!, ...extra];
  if (filter.senderId) where.push(eq(deliveryStats.senderId, filter.senderId));
  if (filter.fromDomain) where.push(eq(deliveryStats.fromDomain, filter.fromDomain));
  if (filter.recipientDomain) where.push(eq(deliveryStats.recipientDomain, filter.recipientDomain));
  return and(...where)!;
}

export interface GroupedCount {
  key: string;
  outcome: string;
  n: number;
}

// Sums counts grouped by one dimension (or none) and outcome, reading the smallest grain that has
// the dimensions, at the coarsest bucket size that covers the range.
export async function sumByDimension(filter: StatsFilter, dimension: StatsDimension | null, db: Executor = getDb()): Promise<GroupedCount[]> {
  // Totals need no time resolution: hour (and day) rollups cover any range whose ends fall on the
  // hour; minute rollups are used where available so short ranges are exact.
  const { rollup } = chooseBuckets(filter.from, filter.to);
  const keyColumn = dimension ? deliveryStats[dimension] : sql<string>`''`;
  const rows = await db
    .select({ key: sql<string>`${keyColumn}::text`, outcome: sql<string>`${deliveryStats.outcome}::text`, n: sql<number>`sum(${deliveryStats.count})::float8` })
    .from(deliveryStats)
    .where(statsWhere(filter, rollup, chooseGrain(filter, dimension)))
    // No dimension: group by outcome alone (PostgreSQL refuses a constant in GROUP BY).
    .groupBy(...(dimension ? [deliveryStats[dimension], deliveryStats.outcome] : [deliveryStats.outcome]));
  return rows.map((r) => ({ key: r.key, outcome: r.outcome, n: Number(r.n) }));
}
