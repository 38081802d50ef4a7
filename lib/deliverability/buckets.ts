// Which rollup a chart reads and how wide its buckets are, chosen from the time range so a chart
// has tens to a few hundred points.
export const MINUTE_ROLLUP_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;
const HOUR_S = 3600;

export interface BucketChoice {
  rollup: "minute" | "hour";
  stepSeconds: number;
}

export function chooseBuckets(from: Date, to: Date, now = new Date()): BucketChoice {
  const spanS = (to.getTime() - from.getTime()) / 1000;
  const minutesAvailable = from.getTime() >= now.getTime() - MINUTE_ROLLUP_RETENTION_MS;
  if (minutesAvailable && spanS <= 3 * HOUR_S) return { rollup: "minute", stepSeconds: 60 };
  if (minutesAvailable && spanS <= 36 * HOUR_S) return { rollup: "minute", stepSeconds: 15 * 60 };
  if (spanS <= 8 * 24 * HOUR_S) return { rollup: "hour", stepSeconds: HOUR_S };
  return { rollup: "hour", stepSeconds: 24 * HOUR_S };
}

// Bucket starts from `from` (floored to the step) up to `to`, aligned to the Unix epoch (UTC).
export function bucketStarts(from: Date, to: Date, stepSeconds: number): Date[] {
  const stepMs = stepSeconds * 1000;
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / stepMs) * stepMs; t < to.getTime(); t += stepMs) out.push(new Date(t));
  return out;
}
