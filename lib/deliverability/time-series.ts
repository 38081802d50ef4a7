import { sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { deliveryStats } from "@/db/schema";
import { bucketStarts, chooseBuckets, type RollupSize } from "./buckets";
import { chooseGrain, type StatsFilter, statsWhere } from "./query-stats";
import { type OutcomeCounts, type Rates, emptyCounts, ratesOf } from "./rates";

export interface SeriesPoint extends OutcomeCounts, Rates {
  t: string;
}

export interface TimeSeries {
  stepSeconds: number;
  rollup: RollupSize;
  points: SeriesPoint[];
}

// Counts per outcome per bucket from the rollups (never the raw events), gaps filled with zeros.
export async function deliveryTimeSeries(filter: StatsFilter, db: Executor = getDb()): Promise<TimeSeries> {
  const { rollup, stepSeconds } = chooseBuckets(filter.from, filter.to);
  // The interval is inlined (a whole number we chose, not input): as a bind parameter it would be
  // $1 in SELECT and $5 in GROUP BY, which PostgreSQL does not see as the same expression.
  const bucket = sql<Date>`date_bin(${sql.raw(`'${Math.trunc(stepSeconds)} seconds'`)}::interval, ${deliveryStats.bucketStart}, timestamptz '1970-01-01 00:00:00+00')`;
  const rows = await db
    .select({ t: sql<string>`${bucket}`, outcome: sql<string>`${deliveryStats.outcome}::text`, n: sql<number>`sum(${deliveryStats.count})::float8` })
    .from(deliveryStats)
    .where(statsWhere(filter, rollup, chooseGrain(filter, null)))
    .groupBy(bucket, deliveryStats.outcome);
  const byTime = new Map<number, OutcomeCounts>();
  for (const row of rows) {
    const key = new Date(row.t).getTime();
    const counts = byTime.get(key) ?? emptyCounts();
    counts[row.outcome as keyof OutcomeCounts] += Number(row.n);
    byTime.set(key, counts);
  }
  const points = bucketStarts(filter.from, filter.to, stepSeconds).map((start) => {
    const counts = byTime.get(start.getTime()) ?? emptyCounts();
    return { t: start.toISOString(), ...counts, ...ratesOf(counts) };
  });
  return { stepSeconds, rollup, points };
}
