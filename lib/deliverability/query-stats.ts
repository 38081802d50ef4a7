import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { deliveryStats } from "@/db/schema";
import { chooseBuckets } from "./buckets";

export interface StatsFilter {
  from: Date;
  to: Date;
  senderId?: string;
  fromDomain?: string;
  recipientDomain?: string;
}

// The WHERE of every rollup query: one rollup size, the time range, the optional dimensions.
export function statsWhere(filter: StatsFilter, rollup: "minute" | "hour", extra: SQL[] = []): SQL {
  const where: SQL[] = [eq(deliveryStats.bucketSize, rollup), gte(deliveryStats.bucketStart, filter.from), lt(deliveryStats.bucketStart, filter.to), ...extra];
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

// Sums counts grouped by one dimension (or none) and outcome, reading the rollup that covers
// the range at the coarsest sufficient size.
export async function sumByDimension(filter: StatsFilter, dimension: "senderId" | "recipientDomain" | "reason" | "fromDomain" | null, db: Executor = getDb()): Promise<GroupedCount[]> {
  // Totals need no time resolution: hour rollups cover any range whose ends fall on the hour;
  // minute rollups are used where available so short ranges are exact.
  const { rollup } = chooseBuckets(filter.from, filter.to);
  const keyColumn = dimension ? deliveryStats[dimension] : sql<string>`''`;
  const rows = await db
    .select({ key: sql<string>`${keyColumn}::text`, outcome: sql<string>`${deliveryStats.outcome}::text`, n: sql<number>`sum(${deliveryStats.count})::float8` })
    .from(deliveryStats)
    .where(statsWhere(filter, rollup))
    // No dimension: group by outcome alone (PostgreSQL refuses a constant in GROUP BY).
    .groupBy(...(dimension ? [deliveryStats[dimension], deliveryStats.outcome] : [deliveryStats.outcome]));
  return rows.map((r) => ({ key: r.key, outcome: r.outcome, n: Number(r.n) }));
}
