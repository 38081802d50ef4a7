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
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadAverage, percentile } from "./support/bench-common";

const FULL_EVENTS = 10_000_000;
const DAYS = 30;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const SENDER_COUNT = 40;
const FROM_DOMAIN_COUNT = 10;
const TAIL_DOMAINS = Number(process.env.BENCH_TAIL_DOMAINS || 500);
const SENDER_SLOTS = 1_000;
const DOMAIN_SLOTS = 100_000;
const OUTCOME_SLOTS = 10_000;
const WARMUP_RUNS = 2;
const ROLLUP_RUNS = Number(process.env.BENCH_RUNS || 20);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS || 5);
const GOAL_MS = 100;
const GOAL_RATIO = 20;

const PROVIDERS: [string, number][] = [
  ["gmail.com", 30],
  ["outlook.com", 12],
  ["yahoo.com", 7],
  ["icloud.com", 6],
  ["hotmail.com", 5],
  ["gmx.de", 2],
  ["web.de", 2],
  ["comcast.net", 1.5],
  ["orange.fr", 1.5],
  ["aol.com", 1],
  ["protonmail.com", 1],
  ["t-online.de", 1],
];
const TAIL_SHARE = 30;
// Sender i sends from brand(i mod FROM_DOMAIN_COUNT): the busiest sender's sending domain.
const BUSIEST_FROM_DOMAIN = "brand0.example.com";
// [type, reason or bounce type, weight per 10,000]
const OUTCOMES: [string, string | null, number][] = [
  ["accepted", null, 4700],
  ["delivered", null, 4445],
  ["deferred", null, 300],
  ["bounced", "hard", 100],
  ["bounced", "soft", 50],
  ["rejected", "auth", 150],
  ["rejected", "rate", 100],
  ["rejected", "kill_switch", 50],
  ["rejected", "domain", 50],
  ["rejected", "policy", 50],
  ["complained", null, 5],
];


const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
type Timing = { p50: number; p95: number };

// Rollup and raw runs interleaved (a few rollup runs, one raw run, and again), after warm-ups.
async function timeSideBySide(rollup: () => Promise<unknown>, raw: () => Promise<unknown>): Promise<{ rollup: Timing; raw: Timing; load: string }> {
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
  return { rollup: summary(samples.rollup), raw: summary(samples.raw), load: loadAverage(1) };
}

// Spreads `slots` slots over weighted items (largest remainders), so a uniform slot picks an
// item with its weight's probability.
function slotsFor<T>(items: [T, number][], slots: number): T[] {
  const total = items.reduce((a, [, w]) => a + w, 0);
  const exact = items.map(([item, w]) => ({ item, n: (w / total) * slots }));
  const out = exact.map((e) => ({ item: e.item, n: Math.floor(e.n), rest: e.n - Math.floor(e.n) }));
  let missing = slots - out.reduce((a, e) => a + e.n, 0);
  for (const e of [...out].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    e.n++;
  }
  return out.flatMap((e) => Array.from({ length: e.n }, () => e.item));
}

const zipf = (n: number, share: number) => {
  const h = Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, (_, i) => (share * (1 / (i + 1))) / h);
};

const fmt = (n: number) => n.toLocaleString("en-US");
const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function seed(events: number, end: Date) {
  const { getDb } = await import("@/db/client");
  const { senders, relays } = await import("@/db/schema");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const [relay] = await db.insert(relays).values({ name: "bench-relay", tokenPrefix: "syrelay_", tokenLast4: "0000", verifier: randomBytes(32).toString("hex") }).returning();
  const senderRows = await db
    .insert(senders)
    .values(
      Array.from({ length: SENDER_COUNT }, (_, i) => ({
        name: `App ${String(i).padStart(2, "0")}`,
        slug: `app-${i}`,
        kind: "internal_cloud" as const,
        ownerTeam: "bench",
        contactEmail: "bench@example.com",
        purpose: "benchmark",
        rateLimitPerMinute: 1000,
        rateLimitPerDay: 1_000_000,
        reviewDate: "2099-01-01",
        status: "active" as const,
      })),
    )
    .returning({ id: senders.id });

  await db.execute(sql`create table bench_pick_sender (slot int primary key, sender_id uuid not null, from_address text not null)`);
  await db.execute(sql`create table bench_pick_domain (slot int primary key, domain text not null)`);
  await db.execute(sql`create table bench_pick_outcome (slot int primary key, type delivery_event_type not null, reason text, bounce_type text)`);
  const senderWeights = zipf(SENDER_COUNT, 1);
  const senderSlots = slotsFor(
    senderRows.map((_, i) => [i, senderWeights[i]] as [number, number]),
    SENDER_SLOTS,
  );
  const insertSlots = async (table: string, columns: string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 5_000) {
      const chunk = rows.slice(i, i + 5_000);
      const values = sql.join(
        chunk.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`), sql`, `)})`),
        sql`, `,
      );
      await db.execute(sql`insert into ${sql.raw(table)} (${sql.raw(columns)}) values ${values}`);
    }
  };
  await insertSlots(
    "bench_pick_sender",
    "slot, sender_id, from_address",
    senderSlots.map((i, slot) => [slot, senderRows[i].id, `app${i}@brand${i % FROM_DOMAIN_COUNT}.example.com`]),
  );
  const tail = zipf(TAIL_DOMAINS, TAIL_SHARE).map((w, i) => [`corp${i}.example`, w] as [string, number]);
  await insertSlots(
    "bench_pick_domain",
    "slot, domain",
    slotsFor([...PROVIDERS, ...tail], DOMAIN_SLOTS).map((d, slot) => [slot, d]),
  );
  await insertSlots(
    "bench_pick_outcome",
    "slot, type, reason, bounce_type",
    slotsFor(
      OUTCOMES.map(([type, detail, w]) => [[type, detail], w] as [[string, string | null], number]),
      OUTCOME_SLOTS,
    ).map(([type, detail], slot) => [slot, type, type === "rejected" ? detail : null, type === "bounced" ? detail : null]),
  );

  // Bulk load without the indexes and constraints of delivery_events (each row would otherwise
  // update four indexes and run a foreign-key check); they are rebuilt, identical, afterwards.
  type Def = { name: string; def: string };
  const constraints = (await db.execute<Def>(sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'delivery_events'::regclass and contype in ('p', 'f')`)).rows;
  const indexes = (
    await db.execute<Def>(sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'delivery_events' and indexname not in (select conname from pg_constraint where conrelid = 'delivery_events'::regclass)`)
  ).rows;
  for (const c of constraints) await db.execute(sql.raw(`alter table delivery_events drop constraint "${c.name}"`));
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));

  // Deterministic pseudo-random draws per event number g (hashint8), one per dimension.
  const start = new Date(end.getTime() - DAYS * 24 * HOUR_MS);
  const chunk = process.env.DATABASE_URL ? 1_000_000 : 100_000;
  const started = performance.now();
  for (let lo = 1; lo <= events; lo += chunk) {
    const hi = Math.min(events, lo + chunk - 1);
    await db.execute(sql`
      insert into delivery_events (source, relay_id, event_id, type, at, sender_id, from_address, recipient_domain, reason, bounce_type)
      select ${`relay:${relay.id}`}, ${relay.id}::uuid, 'e' || g, o.type,
        ${start.toISOString()}::timestamptz + ((hashint8(g * 4 + 1) & 2147483647)::float8 / 2147483648.0) * interval '${sql.raw(String(DAYS))} days',
        case when o.reason = 'auth' then null else s.sender_id end, s.from_address, d.domain, o.reason, o.bounce_type
      from generate_series(${lo}::bigint, ${hi}::bigint) g
      join bench_pick_sender s on s.slot = (hashint8(g * 4) & 2147483647) % ${SENDER_SLOTS}
      join bench_pick_domain d on d.slot = (hashint8(g * 4 + 2) & 2147483647) % ${DOMAIN_SLOTS}
      join bench_pick_outcome o on o.slot = (hashint8(g * 4 + 3) & 2147483647) % ${OUTCOME_SLOTS}`);
    process.stdout.write(`\r  raw events: ${fmt(hi)} / ${fmt(events)} (${secs(started)})`);
  }
  process.stdout.write("\n");
  const indexStarted = performance.now();
  for (const c of constraints) await db.execute(sql.raw(`alter table delivery_events add constraint "${c.name}" ${c.def}`));
  for (const i of indexes) await db.execute(sql.raw(i.def));
  console.log(`  raw event indexes and constraints rebuilt in ${secs(indexStarted)}`);
  const rollupStarted = performance.now();
  // The rollups ingest would have kept (lib/events/rollup.ts: same grains, dimensions, defaults):
  // the full grain at hour, day and (the last 3 days, as retention keeps them) minute buckets,
  // then the compact "sender" and "recipient" grains from it.
  const bucketed = (size: "minute" | "hour") => sql`
    insert into delivery_stats (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select 'full', ${size}::bucket_size, date_trunc(${size}, at, 'UTC'), coalesce(sender_id, '00000000-0000-0000-0000-000000000000'::uuid), type,
      case when type = 'bounced' then coalesce(bounce_type, '') else coalesce(reason, '') end,
      coalesce(lower(split_part(from_address, '@', 2)), ''), coalesce(recipient_domain, ''), count(*)
    from delivery_events where at >= ${size === "minute" ? new Date(end.getTime() - 3 * DAY_MS).toISOString() : "-infinity"}::timestamptz group by 3, 4, 5, 6, 7, 8`;
  await db.execute(bucketed("hour"));
  await db.execute(bucketed("minute"));
  await db.execute(sql`
    insert into delivery_stats (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select 'full', 'day', date_bin('1 day', bucket_start, timestamptz '1970-01-01 00:00:00+00'), sender_id, outcome, reason, from_domain, recipient_domain, sum(count)
    from delivery_stats where grain = 'full' and bucket_size = 'hour' group by 3, 4, 5, 6, 7, 8`);
  await db.execute(sql`
    insert into delivery_stats (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select 'sender', bucket_size, bucket_start, sender_id, outcome, reason, from_domain, '', sum(count)
    from delivery_stats where grain = 'full' group by 2, 3, 4, 5, 6, 7`);
  await db.execute(sql`
    insert into delivery_stats (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select 'recipient', bucket_size, bucket_start, '00000000-0000-0000-0000-000000000000', outcome, '', '', recipient_domain, sum(count)
    from delivery_stats where grain = 'full' group by 2, 3, 5, 8`);
  // As autovacuum would have by the time anyone looks at 30 days of data.
  await db.execute(sql`vacuum analyze`);
  const counts = (await db.execute<{ k: string; n: string }>(sql`select grain || '/' || bucket_size as k, count(*)::text as n from delivery_stats group by 1 order by 1`)).rows;
  console.log(`  rollups built in ${secs(rollupStarted)}, rows per grain/bucket size: ${counts.map((c) => `${c.k} ${fmt(Number(c.n))}`).join(", ")}`);
  return { topSenderId: senderRows[0].id };
}

interface Answer {
  series: Map<number, Record<string, number>>;
  totals: Record<string, number>;
  recipients: Map<string, Record<string, number>>;
  senders: Map<string, Record<string, number>>;
  reasons: Map<string, number>;
}

interface RawFilter {
  senderId?: string;
  fromDomain?: string;
  recipientDomain?: string;
}

// The same page computed from the raw events: five GROUP BYs, concurrently like the rollup side,
// with the filters defined as the rollups define the dimensions (lib/events/rollup.ts).
async function rawAnswer(from: Date, to: Date, stepSeconds: number, filter: RawFilter = {}): Promise<Answer> {
  const { getDb } = await import("@/db/client");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const where = sql.join(
    [
      sql`at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz`,
      ...(filter.senderId ? [sql`sender_id = ${filter.senderId}::uuid`] : []),
      ...(filter.fromDomain ? [sql`coalesce(lower(split_part(from_address, '@', 2)), '') = ${filter.fromDomain}`] : []),
      ...(filter.recipientDomain ? [sql`coalesce(recipient_domain, '') = ${filter.recipientDomain}`] : []),
    ],
    sql` and `,
  );
  type Row = { k: string; type: string; n: string };
  const q = (key: ReturnType<typeof sql>, extra = sql``) =>
    db.execute<Row>(sql`select ${key}::text as k, type::text as type, count(*)::text as n from delivery_events where ${where}${extra} group by 1, 2`).then((r) => r.rows);
  const [series, totals, recipients, senders, reasons] = await Promise.all([
    q(sql`extract(epoch from date_bin('${sql.raw(String(stepSeconds))} seconds'::interval, at, timestamptz '1970-01-01 00:00:00+00'))`),
    q(sql`''`),
    q(sql`coalesce(recipient_domain, '')`),
    q(sql`coalesce(sender_id, '00000000-0000-0000-0000-000000000000'::uuid)`),
    q(sql`coalesce(reason, '')`, sql` and type = 'rejected'`),
  ]);
  const pivot = (rows: Row[]) => {
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) out.set(r.k, { ...out.get(r.k), [r.type]: Number(r.n) });
    return out;
  };
  return {
    series: new Map([...pivot(series)].map(([k, v]) => [Number(k) * 1000, v])),
    totals: pivot(totals).get("") ?? {},
    recipients: pivot(recipients),
    senders: pivot(senders),
    reasons: new Map(reasons.map((r) => [r.k, Number(r.n)])),
  };
}

type Dashboard = Awaited<ReturnType<typeof import("@/lib/deliverability/dashboard").deliverabilityDashboard>>;
const OUTCOME_KEYS = ["accepted", "rejected", "delivered", "deferred", "bounced", "complained"] as const;
const nonZero = (c: Partial<Record<(typeof OUTCOME_KEYS)[number], number | null>>) => Object.fromEntries(OUTCOME_KEYS.filter((o) => c[o]).map((o) => [o, c[o]]));

function assertSame(d: Dashboard, raw: Answer) {
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: rollups ${JSON.stringify(a)} vs raw ${JSON.stringify(b)}`);
  };
  same("totals", nonZero(d.totals), nonZero(raw.totals));
  for (const p of d.series) same(`series ${p.t}`, nonZero(p), nonZero(raw.series.get(Date.parse(p.t)) ?? {}));
  same("series buckets with data", d.series.filter((p) => Object.keys(nonZero(p)).length).length, [...raw.series.values()].filter((v) => Object.keys(nonZero(v)).length).length);
  for (const r of d.byRecipientDomain) same(`recipient ${r.key}`, nonZero(r), nonZero(raw.recipients.get(r.key) ?? {}));
  same("recipient domains", d.byRecipientDomain.length, [...raw.recipients.keys()].filter((k) => k !== "").length);
  for (const r of d.bySender) same(`sender ${r.key}`, nonZero(r), nonZero(raw.senders.get(r.key) ?? {}));
  same("senders", d.bySender.length, raw.senders.size);
  for (const r of d.rejectionReasons) same(`reason ${r.reason}`, r.count, raw.reasons.get(r.reason) ?? 0);
  if (problems.length) throw new Error(`The rollups and the raw events disagree:\n  ${problems.slice(0, 5).join("\n  ")}`);
}

// A kept database (BENCH_KEEP_DB) seeded by an earlier run: its range must end where this run's does.
async function reusedSeed(end: Date): Promise<{ topSenderId: string }> {
  const { getDb } = await import("@/db/client");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const [{ last }] = (await db.execute<{ last: string }>(sql`select max(at)::text as last from delivery_events`)).rows;
  if (!last || Math.ceil(Date.parse(last) / DAY_MS) * DAY_MS !== end.getTime()) throw new Error(`The kept database's events end at ${last}, not the day before ${end.toISOString()}: seed a new one`);
  const [top] = (await db.execute<{ id: string }>(sql`select id from senders where slug = 'app-0'`)).rows;
  return { topSenderId: top.id };
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
  console.log(`\n${label}: ${fmt(events)} events over ${DAYS} days (scale ${scale} of ${fmt(FULL_EVENTS)}), ${TAIL_DOMAINS} long-tail recipient domains`);
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
  console.log(`  answers equal (rollups vs raw, unfiltered and the 3 filters): ${fmt(dashboard.totals.accepted)} accepted, ${dashboard.series.length} daily points, ${dashboard.byRecipientDomain.length} recipient domains, ${dashboard.bySender.length} senders`);
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
    ...(await timeSideBySide(() => Promise.all([totals(filter), byRecipientDomain(filter), bySender(filter), rejectionReasons(filter)]), raw({}))),
  });
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(`  ${ROLLUP_RUNS} runs on rollups, ${RAW_RUNS} on raw events, alternating (after ${WARMUP_RUNS} + 1 warm-up runs)`);
  console.log(`  ${"query".padEnd(width)}   rollups p50 / p95 ms    raw GROUP BY p50 / p95 ms   speed-up (p50)   load average`);
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

process.env.SWITCHYARD_SECRET ??= "bench-secret-0123456789abcdef0123456789";
const pgliteScale = Number(process.env.BENCH_PGLITE_SCALE || 0.05);
if (pgliteScale > 0) {
  delete process.env.DATABASE_URL;
  process.env.SWITCHYARD_PGLITE_DIR = "memory://";
  await benchOne("PGlite (in memory)", pgliteScale);
}

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) {
  const reuse = process.env.BENCH_REUSE_DB;
  const keep = Boolean(reuse) || process.env.BENCH_KEEP_DB === "1";
  const name = reuse || `sy_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    await benchOne(`PostgreSQL (${url.host})`, Number(process.env.BENCH_SCALE || 1), Boolean(reuse));
  } finally {
    if (keep) console.log(`  kept database ${name} (BENCH_REUSE_DB=${name} to run again; drop it when done)`);
    else await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
} else {
  console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the full 10 million events on PostgreSQL.)");
}
