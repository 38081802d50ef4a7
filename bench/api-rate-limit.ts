// npm run bench:rate-limit [-- --requests 2000 --concurrency 8]
// What the shared API rate limit (lib/server/http/rate-limit.ts: one upsert in api_rate_limits per
// API request) costs per request, on PostgreSQL, side by side with a bare `select 1` round trip on
// the same pool — the floor of any database work per request. Keys: one caller (its row is hot:
// concurrent requests queue on its row lock) and many callers (one row each).
//   BENCH_ADMIN_DATABASE_URL  where a throwaway database is created (default postgres://postgres@127.0.0.1:5432/postgres)

import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { loadAverage, percentile } from "./support/bench-common";
import { setBenchSecret, withTemporaryDatabase } from "./support/bench-database";
import { numberOption } from "./support/bench-options";

const { values } = parseArgs({ options: { requests: { type: "string" }, concurrency: { type: "string" } } });
const REQUESTS = numberOption(values.requests, "BENCH_REQUESTS", 2000);
const CONCURRENCY = numberOption(values.concurrency, "BENCH_CONCURRENCY", 8);
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function timed(run: (i: number) => Promise<unknown>): Promise<{ perSecond: number; p50: number; p99: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        await run(i);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return {
    perSecond: Math.round(REQUESTS / seconds),
    p50: Number(percentile(samples, 50).toFixed(3)),
    p99: Number(percentile(samples, 99).toFixed(3)),
  };
}

setBenchSecret();
await withTemporaryDatabase(adminUrl, async () => {
  const { runMigrations } = await import("@/db/migrate");
  const { closeDb, getDb } = await import("@/db/client");
  const { takeRateLimit } = await import("@/lib/server/http/rate-limit");
  await runMigrations();
  const db = getDb();
  await timed(() => db.execute(sql`select 1`)); // warm-up: pool connections open
  const rows = {
    "bare select 1": await timed(() => db.execute(sql`select 1`)),
    "rate limit, one caller": await timed(() => takeRateLimit("token:one", 1_000_000)),
    "rate limit, many callers": await timed((i) => takeRateLimit(`token:${i % 500}`, 1_000_000)),
  };
  await closeDb();
  console.log(`${REQUESTS} calls per row, ${CONCURRENCY} at a time, PostgreSQL; load average ${loadAverage()}`);
  console.table(
    Object.entries(rows).map(([what, r]) => ({
      what,
      "calls/s": r.perSecond,
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      "p50 vs select 1": `×${(r.p50 / rows["bare select 1"].p50).toFixed(2)}`,
    })),
  );
});
