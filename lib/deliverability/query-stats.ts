import { and, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Executor, getDb } from "@/db/client";
import { type DeliveryStat, deliveryStats, senders } from "@/db/schema";
import { DELIVERED_NO_TLS, DELIVERED_TLS } from "@/lib/events/rollup";
import { chooseBuckets, type RollupSegment, rollupSegments, sumResolution } from "./buckets";
import { emptyCounts, OUTCOMES, type OutcomeCounts } from "./rates";

export interface StatsFilter {
  from: Date;
  to: Date;
  senderId?: string;
  fromDomain?: string;
  recipientDomain?: string;
}

export type StatsDimension = "senderId" | "recipientDomain" | "reason" | "fromDomain";
export type RollupGrain = DeliveryStat["grain"];

// The smallest rollup grain that keeps every dimension the query filters or groups by: without
// the recipient domain, "sender"; the recipient domain alone, "recipient"; the recipient domain
// with anything else, "full".
export function chooseGrain(filter: StatsFilter, dimension: StatsDimension | null): RollupGrain {
  const needs = new Set<StatsDimension>();
  if (filter.senderId) needs.add("senderId");
  if (filter.fromDomain) needs.add("fromDomain");
  if (filter.recipientDomain) needs.add("recipientDomain");
  if (dimension) needs.add(dimension);
  if (!needs.has("recipientDomain")) return "sender";
  return needs.size === 1 ? "recipient" : "full";
}

// The WHERE of every rollup query: one grain, the rows of the range's segments (bucket size and
// start), the optional dimensions.
export function statsWhere(filter: StatsFilter, segments: RollupSegment[], grain: RollupGrain): SQL {
  if (segments.length === 0) return sql`false`;
  const parts = segments.map(
    (s) =>
      and(
        eq(deliveryStats.bucketSize, s.bucketSize),
        gte(deliveryStats.bucketStart, s.from),
        lt(deliveryStats.bucketStart, s.to),
      )!,
  );
  const where: SQL[] = [eq(deliveryStats.grain, grain), parts.length === 1 ? parts[0] : or(...parts)!];
  if (filter.senderId) where.push(eq(deliveryStats.senderId, filter.senderId));
  if (filter.fromDomain) where.push(eq(deliveryStats.fromDomain, filter.fromDomain));
  if (filter.recipientDomain) where.push(eq(deliveryStats.recipientDomain, filter.recipientDomain));
  return and(...where)!;
}

// What one grouped sum is keyed by: a dimension, the chart's time buckets, or nothing (totals).
export type GroupKey = StatsDimension | { stepSeconds: number } | null;

export interface TlsCounts {
  over: number;
  known: number;
}

export interface CountsRow {
  // The dimension's value, the bucket start in epoch milliseconds, or "" for totals.
  key: string;
  counts: OutcomeCounts;
  // Deliveries over TLS, and deliveries whose TLS is known (the rest were reported without it).
  tls: TlsCounts;
  // For senderId: the sender's name (null for no sender or a sender since deleted).
  name?: string | null;
}

const KEY_COLUMNS: Record<StatsDimension, SQL> = {
  senderId: sql`${deliveryStats.senderId}`,
  recipientDomain: sql`${deliveryStats.recipientDomain}`,
  reason: sql`${deliveryStats.reason}`,
  fromDomain: sql`${deliveryStats.fromDomain}`,
};

interface Plan {
  name: string;
  key: GroupKey;
  grain: RollupGrain;
  segments: RollupSegment[];
}

type Key = Exclude<GroupKey, null>;
const keyId = (key: GroupKey) => (key === null ? null : JSON.stringify(key));

// One scan of the rollup rows a set of groupings share (same grain and segments): GROUPING SETS
// sum them all at once — by each of `keys`, and by nothing when `withTotals` — with the outcomes
// as columns. Key i comes back as column k<i>.
function groupingQuery(filter: StatsFilter, plan: Plan, keys: Key[], withTotals: boolean): SQL {
  // The interval is inlined (a whole number we chose, not input): as a bind parameter it would be
  // $1 in SELECT and $5 in GROUP BY, which PostgreSQL does not see as the same expression.
  const expr = (key: Key) =>
    typeof key === "string"
      ? KEY_COLUMNS[key]
      : sql`date_bin(${sql.raw(`'${Math.trunc(key.stepSeconds)} seconds'`)}::interval, ${deliveryStats.bucketStart}, timestamptz '1970-01-01 00:00:00+00')`;
  const asText = (key: Key, column: SQL) =>
    typeof key === "string" ? sql`${column}::text` : sql`(extract(epoch from ${column}) * 1000)::bigint::text`;
  const sets = [...keys.map((k) => sql`(${expr(k)})`), ...(withTotals ? [sql`()`] : [])];
  const innerColumns = [
    keys.length ? sql`grouping(${sql.join(keys.map(expr), sql`, `)}) as g` : sql`0 as g`,
    ...keys.map((k, i) => sql`${expr(k)} as ${sql.raw(`k${i}`)}`),
    ...OUTCOMES.map(
      (o) =>
        sql`(sum(${deliveryStats.count}) filter (where ${deliveryStats.outcome} = ${sql.raw(`'${o}'`)}))::float8 as ${sql.raw(o)}`,
    ),
    // A delivery's TLS is kept in its reason (lib/events/rollup.ts).
    sql`(sum(${deliveryStats.count}) filter (where ${deliveryStats.outcome} = 'delivered'
      and ${deliveryStats.reason} = ${sql.raw(`'${DELIVERED_TLS}'`)}))::float8 as tls_over`,
    sql`(sum(${deliveryStats.count}) filter (where ${deliveryStats.outcome} = 'delivered'
      and ${deliveryStats.reason} in (${sql.raw(`'${DELIVERED_TLS}', '${DELIVERED_NO_TLS}'`)})))::float8 as tls_known`,
  ];
  const inner = sql`select ${sql.join(innerColumns, sql`, `)} from ${deliveryStats}
    where ${statsWhere(filter, plan.segments, plan.grain)} group by grouping sets (${sql.join(sets, sql`, `)})`;
  // Sender names joined to the few grouped rows, not to the rollup rows.
  const senderKey = keys.indexOf("senderId");
  const outerColumns = [
    sql`q.g`,
    ...keys.map((k, i) => sql`${asText(k, sql.raw(`q.k${i}`))} as ${sql.raw(`k${i}`)}`),
    ...(senderKey >= 0 ? [sql`s.name as sender_name`] : []),
    ...OUTCOMES.map((o) => sql.raw(`q.${o}`)),
    sql`q.tls_over`,
    sql`q.tls_known`,
  ];
  return sql`select ${sql.join(outerColumns, sql`, `)} from (${inner}) q${senderKey >= 0 ? sql` left join ${senders} s on s.id = ${sql.raw(`q.k${senderKey}`)}` : sql``}`;
}

type ResultRow = Record<string, string | number | null>;

// Runs an aggregate over many rollup rows without JIT compilation (PostgreSQL compiles any plan
// above jit_above_cost, ~100-300 ms, longer than the query itself) or parallel workers (their
// start-up costs more than they save on these scans; the grain queries run concurrently instead).
// Inside a caller's transaction the query runs as it is, on that transaction's connection.
async function aggregate(db: Executor, query: SQL): Promise<ResultRow[]> {
  if (db instanceof PgTransaction) return (await db.execute<ResultRow>(query)).rows;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
    );
    return (await tx.execute<ResultRow>(query)).rows;
  });
}

// Counts per outcome for several groupings of the same filter at once. Each reads the smallest
// grain that has its dimensions, and rows at the resolution of the range (minute rows where the
// chart reads them, hour rows otherwise) but, where coarser rows fit whole, those instead: day
// rows for whole days, hour rows for whole hours (the time series: the coarsest size its step
// allows). Groupings reading the same rows share one scan; the scans run concurrently.
export async function groupedCounts<Name extends string>(
  filter: StatsFilter,
  groupings: Record<Name, GroupKey>,
  db: Executor = getDb(),
): Promise<Record<Name, CountsRow[]>> {
  const { rollup } = chooseBuckets(filter.from, filter.to);
  const finest = sumResolution(rollup);
  const plans: Plan[] = Object.entries<GroupKey>(groupings).map(([name, key]) => ({
    name,
    key,
    grain: chooseGrain(filter, typeof key === "string" ? key : null),
    // A time series reads buckets no coarser than its step: its rollup (see chooseBuckets).
    segments: rollupSegments(filter.from, filter.to, finest, key !== null && typeof key === "object" ? rollup : "day"),
  }));
  const scans = new Map<string, Plan[]>();
  for (const p of plans) {
    const id = JSON.stringify([p.grain, p.segments]);
    scans.set(id, [...(scans.get(id) ?? []), p]);
  }
  const out = Object.fromEntries(plans.map((p) => [p.name, [] as CountsRow[]])) as Record<Name, CountsRow[]>;
  // Concurrently on the pool; one after another inside a transaction (one connection).
  const runAll = async (tasks: (() => Promise<void>)[]) => {
    if (db instanceof PgTransaction) for (const task of tasks) await task();
    else await Promise.all(tasks.map((task) => task()));
  };
  await runAll(
    [...scans.values()].map((group) => async () => {
      const keys = [...new Map(group.filter((p) => p.key !== null).map((p) => [keyId(p.key), p.key as Key])).values()];
      const ids = keys.map(keyId);
      const rows = await aggregate(
        db,
        groupingQuery(
          filter,
          group[0],
          keys,
          group.some((p) => p.key === null),
        ),
      );
      // GROUPING(k0 … kn-1) has a 1 bit for each key a row is not grouped by (k0 the highest).
      const all = (1 << keys.length) - 1;
      for (const row of rows) {
        const g = Number(row.g);
        const i = g === all ? -1 : keys.length - 1 - Math.log2(all ^ g);
        const counts = emptyCounts();
        for (const o of OUTCOMES) counts[o] = Number(row[o] ?? 0);
        const rowKeyId = i < 0 ? null : ids[i];
        for (const p of group) {
          if (keyId(p.key) !== rowKeyId) continue;
          out[p.name as Name].push({
            key: i < 0 ? "" : String(row[`k${i}`]),
            counts,
            tls: { over: Number(row.tls_over ?? 0), known: Number(row.tls_known ?? 0) },
            ...(p.key === "senderId" ? { name: row.sender_name as string | null } : {}),
          });
        }
      }
    }),
  );
  return out;
}
