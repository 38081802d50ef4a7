import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

const DAY_MS = 24 * 3600 * 1000;
// Partitions made ahead by the background job, so the first batch of a day rarely makes one.
export const PARTITION_DAYS_AHEAD = 3;

// The UTC day ("YYYY-MM-DD") of a timestamp: the partition a row with that `at` lands in.
export const utcDay = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

// Days known to have a partition, per process. Only today-ish days are trusted from the cache:
// retention (on any replica) never drops yesterday or later (rawEventsDays ≥ 1 and it drops only
// days that ended before the cutoff), so an older day is checked in the database every time.
const known = new Set<string>();

// Makes sure every day the rows touch has its partition of delivery_events, before the rows are
// written, outside the writer's transaction: making a partition locks the parent table briefly, and
// a failure here must not abort the ingest transaction. ensure_delivery_events_partition (migration
// 0017) is idempotent and ignores a concurrent duplicate. There is no DEFAULT partition (see 0017).
export async function ensureEventPartitions(ats: readonly (Date | string)[], now = new Date()): Promise<void> {
  const trustedFrom = utcDay(new Date(now.getTime() - DAY_MS));
  const days = [...new Set(ats.map(utcDay))].filter((day) => !(day >= trustedFrom && known.has(day))).sort();
  if (days.length === 0) return;
  await getDb().execute(
    sql`select ensure_delivery_events_partition(day) from unnest(${sql.param(days)}::text[]::date[]) as day`,
  );
  for (const day of days) known.add(day);
}

// The background job: today and the next few days, so ingest seldom waits for a partition.
export async function ensurePartitionsAhead(now = new Date()): Promise<void> {
  await ensureEventPartitions(
    Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, i) => new Date(now.getTime() + i * DAY_MS)),
    now,
  );
}

const PARTITION_NAME = /^delivery_events_p(\d{4})(\d{2})(\d{2})$/;

// Retention: detaches and drops every day partition that ended at or before `cutoff` (all its rows
// are older), one transaction each; answers how many events went with them (counted first, so the
// job still reports rows).
export async function dropEventPartitionsBefore(cutoff: Date): Promise<number> {
  const db = getDb();
  const partitions = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'delivery_events'::regclass order by 1`);
  let events = 0;
  for (const { name } of partitions.rows) {
    const day = PARTITION_NAME.exec(name);
    if (!day || Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) + DAY_MS > cutoff.getTime()) continue;
    events += await db.transaction(async (tx) => {
      const [{ n }] = (await tx.execute<{ n: string }>(sql`select count(*)::text as n from ${sql.identifier(name)}`))
        .rows;
      await tx.execute(sql`alter table delivery_events detach partition ${sql.identifier(name)}`);
      await tx.execute(sql`drop table ${sql.identifier(name)}`);
      return Number(n);
    });
  }
  return events;
}
