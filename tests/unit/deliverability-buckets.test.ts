// Which rollup rows a range is read from: the segments must count every finest bucket whose start
// lies in [from, to) exactly once, reading coarser buckets wherever they fit whole.
import { describe, expect, it } from "vitest";
import { chooseBuckets, type RollupSize, rollupSegments, sumResolution } from "@/lib/deliverability/buckets";
import { prng } from "../support/random";

const MS: Record<RollupSize, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const DAY = MS.day;
const at = (iso: string) => new Date(iso);

// The finest buckets a set of segments covers, in order.
function expand(segments: ReturnType<typeof rollupSegments>, finest: RollupSize): number[] {
  const out: number[] = [];
  for (const s of segments) {
    const size = MS[s.bucketSize];
    // Each segment holds whole buckets of its size.
    expect(s.from.getTime() % size, `${s.bucketSize} from`).toBe(0);
    expect(s.to.getTime() % size, `${s.bucketSize} to`).toBe(0);
    expect(s.to.getTime()).toBeGreaterThan(s.from.getTime());
    for (let t = s.from.getTime(); t < s.to.getTime(); t += MS[finest]) out.push(t);
  }
  return out;
}

function finestStarts(from: Date, to: Date, finest: RollupSize): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from.getTime() / MS[finest]) * MS[finest]; t < to.getTime(); t += MS[finest]) out.push(t);
  return out;
}

describe("rollupSegments", () => {
  it("reads day rows for whole days and hour rows for the partial days at either end", () => {
    expect(rollupSegments(at("2026-10-28T00:00:00Z"), at("2026-11-27T00:00:00Z"), "hour", "day")).toEqual([
      { bucketSize: "day", from: at("2026-10-28T00:00:00Z"), to: at("2026-11-27T00:00:00Z") },
    ]);
    expect(rollupSegments(at("2026-10-28T21:14:19Z"), at("2026-11-27T21:14:19Z"), "hour", "day")).toEqual([
      { bucketSize: "hour", from: at("2026-10-28T22:00:00Z"), to: at("2026-10-29T00:00:00Z") },
      { bucketSize: "day", from: at("2026-10-29T00:00:00Z"), to: at("2026-11-27T00:00:00Z") },
      { bucketSize: "hour", from: at("2026-11-27T00:00:00Z"), to: at("2026-11-27T22:00:00Z") },
    ]);
  });

  it("reads minute rows only at the ragged ends of a minute-resolution range", () => {
    expect(rollupSegments(at("2026-11-26T21:14:19Z"), at("2026-11-27T21:14:19Z"), "minute", "day")).toEqual([
      { bucketSize: "minute", from: at("2026-11-26T21:15:00Z"), to: at("2026-11-26T22:00:00Z") },
      { bucketSize: "hour", from: at("2026-11-26T22:00:00Z"), to: at("2026-11-27T21:00:00Z") },
      { bucketSize: "minute", from: at("2026-11-27T21:00:00Z"), to: at("2026-11-27T21:15:00Z") },
    ]);
    // Three days: whole days in the middle too.
    expect(
      rollupSegments(at("2026-11-24T21:14:19Z"), at("2026-11-27T21:14:19Z"), "minute", "day").map((s) => s.bucketSize),
    ).toEqual(["minute", "hour", "day", "hour", "minute"]);
    // A chart with 15-minute points cannot use hour rows: minute rows throughout.
    expect(rollupSegments(at("2026-11-26T21:14:19Z"), at("2026-11-27T21:14:19Z"), "minute", "minute")).toEqual([
      { bucketSize: "minute", from: at("2026-11-26T21:15:00Z"), to: at("2026-11-27T21:15:00Z") },
    ]);
  });

  it("is empty when no bucket starts inside the range", () => {
    expect(rollupSegments(at("2026-11-27T10:00:30Z"), at("2026-11-27T10:00:45Z"), "minute", "day")).toEqual([]);
  });

  it("covers exactly the finest buckets starting in the range, each once, for random ranges", () => {
    const r = prng(20261127);
    const sizes: RollupSize[] = ["minute", "hour", "day"];
    for (let i = 0; i < 100; i++) {
      const finest = r.pick(["minute", "hour"] as const);
      const coarsest = r.pick(sizes.slice(sizes.indexOf(finest)));
      const from = new Date(Date.UTC(2026, 9, 1) + r.int(0, 20 * DAY) + r.pick([0, r.int(0, DAY)]));
      const to = new Date(from.getTime() + r.pick([r.int(1, 90 * 60_000), r.int(1, 3 * DAY), r.int(1, 40 * DAY)]));
      const segments = rollupSegments(from, to, finest, coarsest);
      expect(expand(segments, finest), `${finest}..${coarsest} ${from.toISOString()} – ${to.toISOString()}`).toEqual(
        finestStarts(from, to, finest),
      );
      // Never finer than needed: no run of finest segments spans a whole coarser bucket.
      for (const s of segments.filter((x) => x.bucketSize !== coarsest)) {
        const coarser = sizes[sizes.indexOf(s.bucketSize) + 1];
        expect(
          Math.floor(s.to.getTime() / MS[coarser]) - Math.ceil(s.from.getTime() / MS[coarser]),
          `${s.bucketSize} segment holds a whole ${coarser}`,
        ).toBeLessThanOrEqual(0);
      }
    }
    // Ranges up to 40 days expanded minute by minute: slow on a loaded two-core machine.
  }, 30_000);
});

describe("sumResolution", () => {
  it("sums at minute resolution exactly where the chart reads minute rows, otherwise at hour resolution", () => {
    const now = new Date("2026-11-27T21:14:19Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(sumResolution(chooseBuckets(ago(3_600_000), now, now).rollup)).toBe("minute");
    expect(sumResolution(chooseBuckets(ago(DAY), now, now).rollup)).toBe("minute");
    expect(sumResolution(chooseBuckets(ago(7 * DAY), now, now).rollup)).toBe("hour");
    expect(sumResolution(chooseBuckets(ago(30 * DAY), now, now).rollup)).toBe("hour");
  });
});
