// Which rollup a chart reads and how wide its buckets are, chosen from the time range so a chart
// has tens to a few hundred points.
export const MINUTE_ROLLUP_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;
const HOUR_S = 3600;
const HOUR_MS = HOUR_S * 1000;
const DAY_MS = 24 * HOUR_MS;

export type RollupSize = "minute" | "hour" | "day";

export interface BucketChoice {
  rollup: RollupSize;
  stepSeconds: number;
}

export function chooseBuckets(from: Date, to: Date, now = new Date()): BucketChoice {
  const spanS = (to.getTime() - from.getTime()) / 1000;
  const minutesAvailable = from.getTime() >= now.getTime() - MINUTE_ROLLUP_RETENTION_MS;
  if (minutesAvailable && spanS <= 3 * HOUR_S) return { rollup: "minute", stepSeconds: 60 };
  if (minutesAvailable && spanS <= 36 * HOUR_S) return { rollup: "minute", stepSeconds: 15 * 60 };
  if (spanS <= 8 * 24 * HOUR_S) return { rollup: "hour", stepSeconds: HOUR_S };
  return { rollup: "day", stepSeconds: 24 * HOUR_S };
}

// A part of the range read from one bucket size: rows with from <= bucket start < to.
export interface RollupSegment {
  bucketSize: RollupSize;
  from: Date;
  to: Date;
}

const SIZE_MS: Record<RollupSize, number> = { minute: 60_000, hour: HOUR_MS, day: DAY_MS };
const SIZES: RollupSize[] = ["minute", "hour", "day"];
const ceilTo = (t: number, ms: number) => Math.ceil(t / ms) * ms;
const floorTo = (t: number, ms: number) => Math.floor(t / ms) * ms;

// The resolution a range is summed at: the `finest` rows whose start lies in [from, to). Every
// event counted by those rows is counted once by the segments returned, which read `finest` rows
// only at the ragged ends and the coarsest size up to `coarsest` wherever its buckets fit whole
// (e.g. 30 days: day rows, hour rows for the partial days at either end), so the sums are those of
// the `finest` rows from up to 1,440 times fewer rows.
export function rollupSegments(
  from: Date,
  to: Date,
  finest: RollupSize,
  coarsest: RollupSize = finest,
): RollupSegment[] {
  const sizes = SIZES.slice(SIZES.indexOf(finest), SIZES.indexOf(coarsest) + 1);
  // The `finest` rows starting in [from, to) are those starting in [lo, hi).
  const lo = ceilTo(from.getTime(), SIZE_MS[finest]);
  const hi = ceilTo(to.getTime(), SIZE_MS[finest]);
  const split = (a: number, b: number, i: number): RollupSegment[] => {
    const coarser = sizes[i + 1];
    const innerFrom = coarser ? ceilTo(a, SIZE_MS[coarser]) : a;
    const innerTo = coarser ? floorTo(b, SIZE_MS[coarser]) : b;
    if (!coarser || innerFrom >= innerTo)
      return a < b ? [{ bucketSize: sizes[i], from: new Date(a), to: new Date(b) }] : [];
    return [...split(a, innerFrom, i), ...split(innerFrom, innerTo, i + 1), ...split(innerTo, b, i)];
  };
  return split(lo, hi, 0);
}

// The bucket size a range's sums are exact at (see chooseBuckets): minute rows where the chart
// reads them, otherwise hour rows.
export const sumResolution = (rollup: RollupSize): RollupSize => (rollup === "minute" ? "minute" : "hour");

// Bucket starts from `from` (floored to the step) up to `to`, aligned to the Unix epoch (UTC).
export function bucketStarts(from: Date, to: Date, stepSeconds: number): Date[] {
  const stepMs = stepSeconds * 1000;
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / stepMs) * stepMs; t < to.getTime(); t += stepMs) out.push(new Date(t));
  return out;
}
