// The ingest benchmark's bookkeeping: one run of a contender, the sum of its rounds, and the row
// printed for it (median rate, batch latency, CPU per event).
import { median, percentile } from "./bench-common";

export interface Run {
  events: number;
  seconds: number;
  latencies: number[];
  errors: string[];
  appCpuMs: number | null;
  dbCpuMs: number | null;
}

export interface Summary {
  rates: number[];
  latencies: number[];
  events: number;
  appCpuMs: number;
  dbCpuMs: number;
  errors: string[];
}

export const emptySummary = (): Summary => ({
  rates: [],
  latencies: [],
  events: 0,
  appCpuMs: 0,
  dbCpuMs: 0,
  errors: [],
});

export function addRun(summary: Summary, run: Run): void {
  summary.rates.push(run.events / run.seconds);
  summary.latencies.push(...run.latencies);
  summary.events += run.events;
  summary.appCpuMs += run.appCpuMs ?? Number.NaN;
  summary.dbCpuMs += run.dbCpuMs ?? Number.NaN;
  summary.errors.push(...run.errors);
}

const perEvent = (ms: number, events: number) =>
  Number.isFinite(ms) && events > 0 ? Number(((ms * 1000) / events).toFixed(1)) : "n/a";

// appLabel: the app CPU column applies (the endpoint's row), not to the bare baselines.
export function summaryRow(name: string, s: Summary, appLabel: boolean) {
  const sorted = s.latencies.sort((a, b) => a - b);
  return {
    run: name,
    "events/s (median)": Math.round(median(s.rates)),
    "rounds events/s": s.rates.map((r) => Math.round(r)).join(" / "),
    "batch p50 ms": Number(percentile(sorted, 50).toFixed(1)),
    "batch p99 ms": Number(percentile(sorted, 99).toFixed(1)),
    "app CPU µs/event": appLabel ? perEvent(s.appCpuMs, s.events) : "-",
    "DB CPU µs/event": perEvent(s.dbCpuMs, s.events),
    errors: s.errors.length,
  };
}
