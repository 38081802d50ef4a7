// A week of realistic hourly traffic for one sender: a working-day rhythm (quiet at night, a
// morning rise to a late-morning peak, an afternoon tail), weekends at a fifth of weekdays, and
// Poisson noise. Deterministic for a seed, so a test's numbers can be reproduced.

const HOUR_MS = 3_600_000;

// Share of the daily peak, by UTC hour of day.
const DAY_SHAPE = [
  0.05, 0.04, 0.03, 0.03, 0.04, 0.06, 0.12, 0.3, 0.6, 0.85, 1, 0.95, 0.8, 0.85, 0.9, 0.8, 0.65, 0.5, 0.35, 0.25, 0.18,
  0.12, 0.08, 0.06,
];
const WEEKEND_SHARE = 0.2;

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

// Poisson-distributed count with the given mean (Knuth for small means, normal approximation above).
export function poisson(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 60) {
    const u = Math.max(random(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export interface HourOfTraffic {
  start: number;
  count: number;
}

// `hours` consecutive hours from `startMs` (rounded down to the hour), peaking at `peakPerHour`.
export function hourlyTraffic({
  startMs,
  hours,
  peakPerHour,
  seed,
}: {
  startMs: number;
  hours: number;
  peakPerHour: number;
  seed: number;
}): HourOfTraffic[] {
  const random = seededRandom(seed);
  const first = Math.floor(startMs / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => {
    const start = first + i * HOUR_MS;
    const date = new Date(start);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const mean = peakPerHour * DAY_SHAPE[date.getUTCHours()] * (weekend ? WEEKEND_SHARE : 1);
    return { start, count: poisson(mean, random) };
  });
}
