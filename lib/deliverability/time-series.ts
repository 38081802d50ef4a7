import { type Executor, getDb } from "@/db/client";
import { bucketStarts, chooseBuckets, type RollupSize } from "./buckets";
import { type CountsRow, groupedCounts, type StatsFilter } from "./query-stats";
import { emptyCounts, type OutcomeCounts, type Rates, ratesOf } from "./rates";

export interface SeriesPoint extends OutcomeCounts, Rates {
  t: string;
}

export interface TimeSeries {
  stepSeconds: number;
  rollup: RollupSize;
  points: SeriesPoint[];
}

// The chart's buckets for a range: which rollup it reads and how wide a point is.
export const seriesBuckets = (filter: StatsFilter) => chooseBuckets(filter.from, filter.to);

// Points for every bucket of the range from grouped counts keyed by bucket start (epoch ms), gaps
// filled with zeros.
export function seriesOf(filter: StatsFilter, rows: CountsRow[]): TimeSeries {
  const { rollup, stepSeconds } = seriesBuckets(filter);
  const byTime = new Map(rows.map((r) => [Number(r.key), r.counts]));
  const points = bucketStarts(filter.from, filter.to, stepSeconds).map((start) => {
    const counts = byTime.get(start.getTime()) ?? emptyCounts();
    return { t: start.toISOString(), ...counts, ...ratesOf(counts) };
  });
  return { stepSeconds, rollup, points };
}

// Counts per outcome per bucket from the rollups (never the raw events).
export async function deliveryTimeSeries(filter: StatsFilter, db: Executor = getDb()): Promise<TimeSeries> {
  const { stepSeconds } = seriesBuckets(filter);
  const { series } = await groupedCounts(filter, { series: { stepSeconds } }, db);
  return seriesOf(filter, series);
}
