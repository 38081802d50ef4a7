import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { deliveryStats, type NewDeliveryStat, NIL_UUID } from "@/db/schema";
import { unnest } from "@/db/unnest";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const ROLLUP_BUCKETS = [
  ["minute", MINUTE_MS],
  ["hour", HOUR_MS],
  ["day", DAY_MS],
] as const;
export const ROLLUP_GRAINS = ["sender", "recipient", "full"] as const;

export interface RollupInput {
  // When it happened (epoch milliseconds).
  atMs: number;
  type: NewDeliveryStat["outcome"];
  senderId: string | null;
  reason: string | null;
  // For bounces: hard | soft (kept in the reason dimension of the rollups).
  bounceType?: string | null;
  // For deliveries: over TLS or not (kept in the reason dimension as "tls" / "no_tls", see below).
  tls?: boolean | null;
  fromAddress: string | null;
  recipientDomain: string | null;
  // How many occurrences the event stands for (an aggregated refusal: several); 1 if absent.
  count?: number;
}

// The domain of an address: after its last "@", without a closing ">", trimmed, lower case.
export function domainOf(address: string | null | undefined): string {
  if (!address) return "";
  const at = address.lastIndexOf("@");
  return at >= 0
    ? address
        .slice(at + 1)
        .replace(/>$/, "")
        .trim()
        .toLowerCase()
    : "";
}

// The reason dimension of a delivery: whether it went out over TLS, so the recipient-domain table
// can show each domain's TLS share over the whole range the rollups keep (raw events are dropped
// after retention.rawEventDays). "" = not known (older relays, events before TLS was reported).
export const DELIVERED_TLS = "tls";
export const DELIVERED_NO_TLS = "no_tls";

// The characters String.prototype.trim removes, for domainOf's SQL twin below.
const JS_TRIM_CHARS =
  " \\t\\n\\u000b\\f\\r\\u00a0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

// domainOf in SQL, over a text column (lower() is PostgreSQL's: the same for ASCII domains).
const fromDomainSql = (column: SQL) => sql`case when strpos(${column}, '@') > 0
  then lower(btrim(regexp_replace(substr(${column}, length(${column}) - strpos(reverse(${column}), '@') + 2), '>$', ''), ${sql.raw(`E'${JS_TRIM_CHARS}'`)}))
  else '' end`;

// What a rollup row keeps in its reason dimension: bounce type for bounces, TLS for deliveries.
const reasonSql = sql`case e.type
  when 'bounced' then coalesce(e.bounce_type, '')
  when 'delivered' then case e.tls when true then ${DELIVERED_TLS} when false then ${DELIVERED_NO_TLS} else '' end
  else coalesce(e.reason, '') end`;

// Adds the events of `source` to the rollups, as one statement: every grain (see rollupGrainEnum:
// the dimensions a grain drops become "" / the nil uuid; the recipient grain keeps a delivery's TLS
// reason) at minute, hour and day buckets (UTC). `source` names a relation with the columns
// at, type, sender_id, reason, bounce_type, tls, from_address, recipient_domain, count — at ingest
// the rows an `insert … returning` just stored, so only events new to us are counted. Events are
// first counted per minute and raw dimensions, and only those groups are spread over grains and
// bucket sizes. Rows are upserted in primary-key order, so concurrent batches lock shared rollup
// rows in the same order (no deadlock) and hold them only until their commit.
export function rollupUpsert(source: SQL): SQL {
  const nil = sql.raw(`'${NIL_UUID}'::uuid`);
  return sql`
    insert into ${deliveryStats} (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain, count)
    select g.grain, b.size, date_trunc(b.size::text, m.minute, 'UTC'), g.sender_id, m.outcome, g.reason, g.from_domain,
      g.recipient_domain, sum(m.count)::bigint
    from (
      select date_trunc('minute', e.at, 'UTC') as minute, coalesce(e.sender_id, ${nil}) as sender_id, e.type as outcome,
        ${reasonSql} as reason, ${fromDomainSql(sql`e.from_address`)} as from_domain,
        coalesce(e.recipient_domain, '') as recipient_domain, sum(e.count) as count
      from ${source} as e
      group by 1, 2, 3, 4, 5, 6
    ) as m
    cross join lateral (values
      ('sender'::rollup_grain, m.sender_id, m.reason, m.from_domain, ''),
      ('recipient'::rollup_grain, ${nil}, case when m.outcome = 'delivered' then m.reason else '' end, '', m.recipient_domain),
      ('full'::rollup_grain, m.sender_id, m.reason, m.from_domain, m.recipient_domain)
    ) as g(grain, sender_id, reason, from_domain, recipient_domain)
    cross join (values ('minute'::bucket_size), ('hour'::bucket_size), ('day'::bucket_size)) as b(size)
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict (grain, bucket_size, bucket_start, sender_id, outcome, reason, from_domain, recipient_domain)
    do update set count = ${deliveryStats.count} + excluded.count`;
}

// Adds counts to the rollups without raw events behind them (seeding history, tests): the same
// statement as ingest, over the inputs passed column-wise.
export async function applyRollups(tx: Executor, events: RollupInput[]): Promise<void> {
  if (events.length === 0) return;
  const column = <T>(pick: (e: RollupInput) => T) => events.map(pick);
  const inputs = sql`(select * from ${unnest([
    [column((e) => new Date(e.atMs).toISOString()), "timestamptz"],
    [column((e) => e.type), "delivery_event_type"],
    [column((e) => e.senderId), "uuid"],
    [column((e) => e.reason), "text"],
    [column((e) => e.bounceType ?? null), "text"],
    [column((e) => (typeof e.tls === "boolean" ? String(e.tls) : null)), "boolean"],
    [column((e) => e.fromAddress), "text"],
    [column((e) => e.recipientDomain), "text"],
    [column((e) => e.count ?? 1), "integer"],
  ])} as t(at, type, sender_id, reason, bounce_type, tls, from_address, recipient_domain, count))`;
  await tx.execute(rollupUpsert(inputs));
}
