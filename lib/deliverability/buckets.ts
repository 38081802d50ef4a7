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

// The rollup rows that make up a range. Minute and hour: the chosen size over the whole range.
// Day: day rows for the whole UTC days inside the range and hour rows for the partial days at
// either end, so the sums equal those of the hour rows over the range (the same answer, from
// ~24 times fewer rows).
export function rollupSegments(from: Date, to: Date, rollup: RollupSize): RollupSegment[] {
  if (rollup !== "day") return [{ bucketSize: rollup, from, to }];
  const dayFrom = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const dayTo = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  if (dayFrom >= dayTo) return [{ bucketSize: "hour", from, to }];
  const segments: RollupSegment[] = [];
  if (from < dayFrom) segments.push({ bucketSize: "hour", from, to: dayFrom });
  segments.push({ bucketSize: "day", from: dayFrom, to: dayTo });
  if (dayTo < to) segments.push({ bucketSize: "hour", from: dayTo, to });
  return segments;
}

// Bucket starts from `from` (floored to the step) up to `to`, aligned to the Unix epoch (UTC).
export function bucketStarts(from: Date, to: Date, stepSeconds: number): Date[] {
  const stepMs = stepSeconds * 1000;
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / stepMs) * stepMs; t < to.getTime(); t += stepMs) out.push(new Date(t));
  return out;
}
