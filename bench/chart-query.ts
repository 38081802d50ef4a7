// npm run bench:charts – the Deliverability page for a 30-day range, read from the rollups
// (deliveryTimeSeries + totals + breakdowns, i.e. deliverabilityDashboard) against the same answer
// computed by GROUP BY over the raw delivery_events. p50/p95 over repeated runs, and the ratio.
//
// Data: 30 days of synthetic traffic (10 million events at full scale), generated in SQL from a
// fixed distribution: 40 senders (Zipf), 12 mailbox providers taking 70 % of the mail plus a long
// tail of BENCH_TAIL_DOMAINS corporate domains (Zipf) taking 30 %, and outcomes 47 % accepted,
// 44 % delivered, 3 % deferred, 1.5 % bounced, 4 % rejected (auth, rate, kill switch, domain,
// policy), 0.05 % complaints. The rollups are built from those events with INSERT … SELECT …
// GROUP BY into the same grains and bucket sizes ingest keeps up to date row by row
// (lib/events/rollup.ts), so both sides must give the same answer, and the benchmark checks that
// they do before timing anything (unfiltered and filtered by sender, sending domain and recipient
// domain). The rollup side is the real dashboard code path. Rollup and raw runs alternate, so both
// see the same machine load; the load average is printed with each row.
//
// delivery_stats is partitioned by bucket size and grain (migration 0008): the seed writes through
// the partitioned table like ingest does.
//
// PGlite (in memory) always, scaled down (BENCH_PGLITE_SCALE, default 0.05 = 500,000 events);
// PostgreSQL at full size when BENCH_DATABASE_URL points at a server (a temporary database is
// created and dropped; BENCH_SCALE scales it). Seeding 10 million events takes minutes: with
// BENCH_KEEP_DB=1 the database is kept (its name is printed), and BENCH_REUSE_DB=<name> runs the
// timings again on a kept one (migrations are applied, seeding is skipped).
import { loadAverage, p50p95 } from "./support/bench-common";
import { setBenchSecret, targetInMemoryPglite, withTemporaryDatabase } from "./support/bench-database";
import { assertSame, type RawFilter, rawAnswer } from "./support/chart-raw-answer";
import {
  BUSIEST_FROM_DOMAIN,
  DAY_MS,
  DAYS,
  FULL_EVENTS,
  fmt,
  PROVIDERS,
  reusedSeed,
  secs,
  seed,
  TAIL_DOMAINS,
} from "./support/chart-seed";

const WARMUP_RUNS = 2;
const ROLLUP_RUNS = Number(process.env.BENCH_RUNS || 20);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS || 5);
const GOAL_MS = 100;
const GOAL_RATIO = 20;

type Timing = { p50: number; p95: number };

// Rollup and raw runs interleaved (a few rollup runs, one raw run, and again), after warm-ups.
async function timeSideBySide(
  rollup: () => Promise<unknown>,
  raw: () => Promise<unknown>,
): Promise<{ rollup: Timing; raw: Timing; load: string }> {
  for (let i = 0; i < WARMUP_RUNS; i++) await rollup();
  await raw();
  const samples = { rollup: [] as number[], raw: [] as number[] };
  const timed = async (run: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await run();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < RAW_RUNS; i++) {
    const share = Math.ceil((ROLLUP_RUNS - samples.rollup.length) / (RAW_RUNS - i));
    for (let j = 0; j < share; j++) await timed(rollup, samples.rollup);
    await timed(raw, samples.raw);
  }
  return { rollup: p50p95(samples.rollup), raw: p50p95(samples.raw), load: loadAverage(1) };
}

async function benchOne(label: string, scale: number, reuse = false): Promise<void> {
  const { closeDb, getDb } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { deliverabilityDashboard } = await import("@/lib/deliverability/dashboard");
  const { deliveryTimeSeries } = await import("@/lib/deliverability/time-series");
  const { totals, byRecipientDomain, bySender, rejectionReasons } = await import("@/lib/deliverability/breakdowns");
  const { sql } = await import("drizzle-orm");
  await runMigrations();
  const events = Math.round(FULL_EVENTS * scale);
  // The range ends at midnight UTC, so hour and day buckets cover it exactly.
  const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  console.log(
    `\n${label}: ${fmt(events)} events over ${DAYS} days (scale ${scale} of ${fmt(FULL_EVENTS)}), ${TAIL_DOMAINS} long-tail recipient domains`,
  );
  const seeded = performance.now();
  const { topSenderId } = reuse ? await reusedSeed(end) : await seed(events, end);
  console.log(`  ${reuse ? "reused the data of an earlier run" : "seeded"} in ${secs(seeded)}`);

  const query = { range: "30d" };
  const dashboard = await deliverabilityDashboard({ query, now: end });
  const from = new Date(dashboard.range.from);
  const to = new Date(dashboard.range.to);
  const filter = { from, to };
  const pages: { what: string; filter: RawFilter }[] = [
    { what: "whole page: deliverabilityDashboard(30d)", filter: {} },
    { what: "  filtered to the busiest sender", filter: { senderId: topSenderId } },
    { what: "  filtered to the busiest sending domain", filter: { fromDomain: BUSIEST_FROM_DOMAIN } },
    { what: "  filtered to the busiest recipient domain", filter: { recipientDomain: PROVIDERS[0][0] } },
  ];
  const page = (f: RawFilter) => () => deliverabilityDashboard({ query: { ...query, ...f }, now: end });
  const raw = (f: RawFilter) => () => rawAnswer(from, to, dashboard.stepSeconds, f);

  for (const p of pages) assertSame(await page(p.filter)(), await raw(p.filter)());
  console.log(
    `  answers equal (rollups vs raw, unfiltered and the 3 filters): ${fmt(dashboard.totals.accepted)} accepted, ${dashboard.series.length} daily points, ${dashboard.byRecipientDomain.length} recipient domains, ${dashboard.bySender.length} senders`,
  );
  const rows: { what: string; rollup: Timing; raw: Timing; load: string }[] = [];
  for (const p of pages) rows.push({ what: p.what, ...(await timeSideBySide(page(p.filter), raw(p.filter))) });
  rows.push({
    what: "time series only",
    ...(await timeSideBySide(
      () => deliveryTimeSeries(filter),
      () =>
        getDb().execute(
          sql`select date_bin('86400 seconds'::interval, at, timestamptz '1970-01-01 00:00:00+00'), type, count(*) from delivery_events where at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz group by 1, 2`,
        ),
    )),
  });
  rows.push({
    what: "totals + 3 breakdowns, one call each",
    ...(await timeSideBySide(
      () => Promise.all([totals(filter), byRecipientDomain(filter), bySender(filter), rejectionReasons(filter)]),
      raw({}),
    )),
  });
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(
    `  ${ROLLUP_RUNS} runs on rollups, ${RAW_RUNS} on raw events, alternating (after ${WARMUP_RUNS} + 1 warm-up runs)`,
  );
  console.log(
    `  ${"query".padEnd(width)}   rollups p50 / p95 ms    raw GROUP BY p50 / p95 ms   speed-up (p50)   load average`,
  );
  for (const r of rows) {
    const ratio = r.raw.p50 / r.rollup.p50;
    console.log(
      `  ${r.what.padEnd(width)}   ${r.rollup.p50.toFixed(1).padStart(9)} / ${r.rollup.p95.toFixed(1).padStart(8)}   ${r.raw.p50.toFixed(1).padStart(11)} / ${r.raw.p95.toFixed(1).padStart(9)}   ${ratio.toFixed(1).padStart(8)}×        ${r.load}`,
    );
  }
  const ratio = rows[0].raw.p50 / rows[0].rollup.p50;
  const verdict = rows[0].rollup.p95 < GOAL_MS && ratio >= GOAL_RATIO ? "MET" : "NOT MET";
  console.log(
    `  goal (page p95 < ${GOAL_MS} ms and ≥ ${GOAL_RATIO}× faster than raw): ${verdict} — p50 ${rows[0].rollup.p50.toFixed(1)} ms, p95 ${rows[0].rollup.p95.toFixed(1)} ms, ${ratio.toFixed(1)}×${scale < 1 ? " (scaled-down data)" : ""}`,
  );
  await closeDb();
}

setBenchSecret();
const pgliteScale = Number(process.env.BENCH_PGLITE_SCALE || 0.05);
if (pgliteScale > 0) {
  targetInMemoryPglite();
  await benchOne("PGlite (in memory)", pgliteScale);
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) {
  const reuse = process.env.BENCH_REUSE_DB;
  const keep = Boolean(reuse) || process.env.BENCH_KEEP_DB === "1";
  await withTemporaryDatabase(
    adminUrl,
    (url) => benchOne(`PostgreSQL (${url.host})`, Number(process.env.BENCH_SCALE || 1), Boolean(reuse)),
    {
      reuse,
      onKept: keep
        ? (name) => console.log(`  kept database ${name} (BENCH_REUSE_DB=${name} to run again; drop it when done)`)
        : undefined,
    },
  );
} else {
  console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the full 10 million events on PostgreSQL.)");
}
