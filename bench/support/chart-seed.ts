import { randomBytes } from "node:crypto";
import { getTableColumns } from "drizzle-orm";
import { deliveryStats } from "@/db/schema";
import { sqlColumnName } from "./column-names";

// The chart bench's data: 30 days of synthetic traffic generated in SQL from a fixed distribution
// (see bench/chart-query.ts), and the rollups ingest would have kept for it.

export const FULL_EVENTS = 10_000_000;
export const DAYS = 30;
const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
const SENDER_COUNT = 40;
const FROM_DOMAIN_COUNT = 10;
export const TAIL_DOMAINS = Number(process.env.BENCH_TAIL_DOMAINS || 500);
const SENDER_SLOTS = 1_000;
const DOMAIN_SLOTS = 100_000;
const OUTCOME_SLOTS = 10_000;
// Every column of delivery_stats, in the schema's order (the rollup INSERTs below select them so).
const STATS_COLUMNS = Object.values(getTableColumns(deliveryStats)).map(sqlColumnName).join(", ");

export const PROVIDERS: [string, number][] = [
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
export const BUSIEST_FROM_DOMAIN = "brand0.example.com";
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

export const fmt = (n: number) => n.toLocaleString("en-US");
export const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export async function seed(events: number, end: Date) {
  const { getDb } = await import("@/db/client");
  const { senders, relays } = await import("@/db/schema");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const [relay] = await db
    .insert(relays)
    .values({
      name: "bench-relay",
      tokenPrefix: "syrelay_",
      tokenLast4: "0000",
      verifier: randomBytes(32).toString("hex"),
    })
    .returning();
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

  await db.execute(
    sql`create table bench_pick_sender (slot int primary key, sender_id uuid not null, from_address text not null)`,
  );
  await db.execute(sql`create table bench_pick_domain (slot int primary key, domain text not null)`);
  await db.execute(
    sql`create table bench_pick_outcome (slot int primary key, type delivery_event_type not null, reason text, bounce_type text)`,
  );
  const senderWeights = zipf(SENDER_COUNT, 1);
  const senderSlots = slotsFor(
    senderRows.map((_, i) => [i, senderWeights[i]] as [number, number]),
    SENDER_SLOTS,
  );
  const insertSlots = async (table: string, columns: string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 5_000) {
      const chunk = rows.slice(i, i + 5_000);
      const values = sql.join(
        chunk.map(
          (r) =>
            sql`(${sql.join(
              r.map((v) => sql`${v}`),
              sql`, `,
            )})`,
        ),
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
    ).map(([type, detail], slot) => [
      slot,
      type,
      type === "rejected" ? detail : null,
      type === "bounced" ? detail : null,
    ]),
  );

  // Bulk load without the indexes and constraints of delivery_events (each row would otherwise
  // update four indexes and run a foreign-key check); they are rebuilt, identical, afterwards.
  type Def = { name: string; def: string };
  const constraints = (
    await db.execute<Def>(
      sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'delivery_events'::regclass and contype in ('p', 'f')`,
    )
  ).rows;
  const indexes = (
    await db.execute<Def>(
      sql`select indexname as name, indexdef as def from pg_indexes where tablename = 'delivery_events' and indexname not in (select conname from pg_constraint where conrelid = 'delivery_events'::regclass)`,
    )
  ).rows;
  for (const c of constraints) await db.execute(sql.raw(`alter table delivery_events drop constraint "${c.name}"`));
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));

  // Deterministic pseudo-random draws per event number g (hashint8), one per dimension.
  const start = new Date(end.getTime() - DAYS * 24 * HOUR_MS);
  // delivery_events is partitioned by UTC day, with no default partition: one per day seeded.
  await db.execute(
    sql`select ensure_delivery_events_partition(day::date) from generate_series(${start.toISOString()}::timestamptz at time zone 'UTC', ${end.toISOString()}::timestamptz at time zone 'UTC', interval '1 day') as day`,
  );
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
  for (const c of constraints)
    await db.execute(sql.raw(`alter table delivery_events add constraint "${c.name}" ${c.def}`));
  // A partitioned table's index reads back as "ON ONLY" (the parent alone): rebuild it on every partition.
  for (const i of indexes) await db.execute(sql.raw(i.def.replace(" ON ONLY ", " ON ")));
  console.log(`  raw event indexes and constraints rebuilt in ${secs(indexStarted)}`);
  const rollupStarted = performance.now();
  // The rollups ingest would have kept (lib/events/rollup.ts: same grains, dimensions, defaults):
  // the full grain at hour, day and (the last 3 days, as retention keeps them) minute buckets,
  // then the compact "sender" and "recipient" grains from it.
  const bucketed = (size: "minute" | "hour") => sql`
    insert into delivery_stats (${sql.raw(STATS_COLUMNS)})
    select 'full', ${size}::bucket_size, date_trunc(${size}, at, 'UTC'), coalesce(sender_id, '00000000-0000-0000-0000-000000000000'::uuid), type,
      case when type = 'bounced' then coalesce(bounce_type, '') else coalesce(reason, '') end,
      coalesce(lower(split_part(from_address, '@', 2)), ''), coalesce(recipient_domain, ''), count(*)
    from delivery_events where at >= ${size === "minute" ? new Date(end.getTime() - 3 * DAY_MS).toISOString() : "-infinity"}::timestamptz group by 3, 4, 5, 6, 7, 8`;
  await db.execute(bucketed("hour"));
  await db.execute(bucketed("minute"));
  await db.execute(sql`
    insert into delivery_stats (${sql.raw(STATS_COLUMNS)})
    select 'full', 'day', date_bin('1 day', bucket_start, timestamptz '1970-01-01 00:00:00+00'), sender_id, outcome, reason, from_domain, recipient_domain, sum(count)
    from delivery_stats where grain = 'full' and bucket_size = 'hour' group by 3, 4, 5, 6, 7, 8`);
  await db.execute(sql`
    insert into delivery_stats (${sql.raw(STATS_COLUMNS)})
    select 'sender', bucket_size, bucket_start, sender_id, outcome, reason, from_domain, '', sum(count)
    from delivery_stats where grain = 'full' group by 2, 3, 4, 5, 6, 7`);
  await db.execute(sql`
    insert into delivery_stats (${sql.raw(STATS_COLUMNS)})
    select 'recipient', bucket_size, bucket_start, '00000000-0000-0000-0000-000000000000', outcome, '', '', recipient_domain, sum(count)
    from delivery_stats where grain = 'full' group by 2, 3, 5, 8`);
  // As autovacuum would have by the time anyone looks at 30 days of data.
  await db.execute(sql`vacuum analyze`);
  const counts = (
    await db.execute<{ k: string; n: string }>(
      sql`select grain || '/' || bucket_size as k, count(*)::text as n from delivery_stats group by 1 order by 1`,
    )
  ).rows;
  console.log(
    `  rollups built in ${secs(rollupStarted)}, rows per grain/bucket size: ${counts.map((c) => `${c.k} ${fmt(Number(c.n))}`).join(", ")}`,
  );
  return { topSenderId: senderRows[0].id };
}

// A kept database (BENCH_KEEP_DB) seeded by an earlier run: its range must end where this run's does.
export async function reusedSeed(end: Date): Promise<{ topSenderId: string }> {
  const { getDb } = await import("@/db/client");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const [{ last }] = (await db.execute<{ last: string }>(sql`select max(at)::text as last from delivery_events`)).rows;
  if (!last || Math.ceil(Date.parse(last) / DAY_MS) * DAY_MS !== end.getTime())
    throw new Error(
      `The kept database's events end at ${last}, not the day before ${end.toISOString()}: seed a new one`,
    );
  const [top] = (await db.execute<{ id: string }>(sql`select id from senders where slug = 'app-0'`)).rows;
  return { topSenderId: top.id };
}
