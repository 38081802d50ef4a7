// Property test: the Deliverability page reads the rollups in as few rows as it can (the smallest
// grain, day rows for whole days, hour rows for whole hours, one scan for several groupings), and
// for random ranges and filters its figures equal the plain definition: the "full" grain's rows at
// the range's resolution (minute rows where the chart reads minute rows, hour rows otherwise)
// whose bucket starts in [from, to), grouped in SQL.
import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryStats } from "@/db/schema";
import { bySender, totals } from "@/lib/deliverability/breakdowns";
import { chooseBuckets, sumResolution } from "@/lib/deliverability/buckets";
import { type DeliverabilityDashboard, deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { OUTCOMES } from "@/lib/deliverability/rates";
import { ingestEvents } from "@/lib/events/ingest-events";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { prng } from "../support/random";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const TYPES = ["accepted", "rejected", "delivered", "deferred", "bounced", "complained"] as const;
const SENDERS = [
  "11111111-1111-4111-8111-111111111111",
  "22222222-2222-4222-8222-222222222222",
  "33333333-3333-4333-8333-333333333333",
  null,
];
const RECIPIENT_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "example.org"];
const FROM_DOMAINS = ["shop.example.com", "billing.example.com"];
const REASONS = ["auth", "kill_switch", "rate", "domain"];
// Events over the last 2.5 days (minute rollups exist for all of them) and a few older ones.
const now = Date.now();
const r = prng(4242);

beforeAll(async () => {
  const admin = await makeActor("admin");
  const relayId = (await registerRelay({ actor: admin, input: { name: `relay-reads-${Date.now()}` } })).relay.id;
  const events = Array.from({ length: 900 }, (_, n) => {
    const type = r.pick(TYPES);
    const ago = n % 10 === 0 ? r.int(3 * DAY_MS, 12 * DAY_MS) : r.int(0, 2.5 * DAY_MS);
    return {
      id: `reads-${n}`,
      type,
      at: new Date(now - ago).toISOString(),
      senderId: r.pick(SENDERS),
      from: `app@${r.pick(FROM_DOMAINS)}`,
      recipient: `user${r.int(1, 50)}@${r.pick(RECIPIENT_DOMAINS)}`,
      ...(type === "rejected" ? { reason: r.pick(REASONS) } : {}),
      ...(type === "bounced" ? { bounceType: r.pick(["hard", "soft"] as const), smtpCode: 550 } : {}),
    };
  });
  for (let i = 0; i < events.length; i += 100)
    await ingestEvents({ relayId, input: { events: events.slice(i, i + 100) } });
});

type Counts = Record<string, Record<string, number>>;

// The definition: "full" rows of one bucket size starting in [from, to), filtered and grouped.
async function expected(from: Date, to: Date, filter: Record<string, string | undefined>, stepSeconds: number) {
  const size = sumResolution(chooseBuckets(from, to).rollup);
  const where: SQL[] = [
    sql`grain = 'full'`,
    sql`bucket_size = ${size}`,
    sql`bucket_start >= ${from.toISOString()}::timestamptz`,
    sql`bucket_start < ${to.toISOString()}::timestamptz`,
  ];
  if (filter.senderId) where.push(sql`sender_id = ${filter.senderId}::uuid`);
  if (filter.fromDomain) where.push(sql`from_domain = ${filter.fromDomain}`);
  if (filter.recipientDomain) where.push(sql`recipient_domain = ${filter.recipientDomain}`);
  const grouped = async (key: SQL, extra: SQL = sql``): Promise<Counts> => {
    const rows = await getDb().execute<{ k: string; outcome: string; n: string }>(
      sql`select ${key}::text as k, outcome::text as outcome, sum(count)::text as n from ${deliveryStats} where ${sql.join(where, sql` and `)}${extra} group by 1, 2`,
    );
    const out: Counts = {};
    for (const row of rows.rows) out[row.k] = { ...out[row.k], [row.outcome]: Number(row.n) };
    return out;
  };
  const series = await grouped(
    sql`(extract(epoch from date_bin(${sql.raw(`'${stepSeconds} seconds'`)}::interval, bucket_start, timestamptz '1970-01-01 00:00:00+00')) * 1000)::bigint`,
  );
  const recipients = await grouped(sql`recipient_domain`, sql` and recipient_domain <> ''`);
  return {
    totals: (await grouped(sql`''`))[""] ?? {},
    series: Object.fromEntries(Object.entries(series).map(([k, v]) => [new Date(Number(k)).toISOString(), v])),
    recipients,
    senders: await grouped(sql`sender_id`),
    reasons: Object.fromEntries(
      Object.entries(await grouped(sql`reason`, sql` and outcome = 'rejected'`)).map(([k, v]) => [
        k || "unknown",
        v.rejected,
      ]),
    ),
  };
}

const nonZero = (c: Partial<Record<(typeof OUTCOMES)[number], number | null>>) =>
  Object.fromEntries(OUTCOMES.filter((o) => c[o]).map((o) => [o, c[o]]));
let casesWithEvents = 0;
const byKey = (rows: DeliverabilityDashboard["bySender"]) =>
  Object.fromEntries(rows.map((row) => [row.key, nonZero(row)]));

describe("the Deliverability page's figures", () => {
  it.each(Array.from({ length: 24 }, (_, i) => i))(
    "equal the finest rollup rows of the range, random range and filter #%i",
    async (i) => {
      // Minute rows at 1-minute and 15-minute steps, hour rows, day rows with hour rows at the ends.
      const spans = [
        r.int(40, 170) * MINUTE_MS,
        r.int(4, 36) * HOUR_MS,
        r.int(37, 190) * HOUR_MS,
        r.int(8, 14) * DAY_MS + r.int(0, DAY_MS),
      ];
      const span = spans[i % spans.length];
      const to = new Date(now + r.int(0, HOUR_MS) - r.int(0, Math.max(0, 2.5 * DAY_MS - span)));
      const from = new Date(to.getTime() - span);
      const filters = [
        {},
        { senderId: SENDERS[0]! },
        { fromDomain: FROM_DOMAINS[1] },
        { recipientDomain: "outlook.com" },
        { senderId: SENDERS[1]!, recipientDomain: "gmail.com" },
        { fromDomain: FROM_DOMAINS[0], recipientDomain: "yahoo.com" },
      ];
      const filter: Record<string, string | undefined> = filters[i % filters.length];
      const d = await deliverabilityDashboard({
        query: { range: "custom", from: from.toISOString(), to: to.toISOString(), ...filter },
        now: new Date(now),
      });
      const want = await expected(from, to, filter, d.stepSeconds);
      const what = `${from.toISOString()} – ${to.toISOString()} ${JSON.stringify(filter)} (${d.rollup}, ${d.stepSeconds} s)`;
      expect(nonZero(d.totals), what).toEqual(want.totals);
      if (Object.keys(want.totals).length) casesWithEvents++;
      expect(
        Object.fromEntries(d.series.filter((p) => Object.keys(nonZero(p)).length).map((p) => [p.t, nonZero(p)])),
        what,
      ).toEqual(want.series);
      expect(byKey(d.byRecipientDomain), what).toEqual(want.recipients);
      expect(byKey(d.bySender), what).toEqual(want.senders);
      expect(
        Object.fromEntries(d.rejectionReasons.filter((x) => x.count > 0).map((x) => [x.reason, x.count])),
        what,
      ).toEqual(want.reasons);
    },
  );

  it("were compared on ranges with events, not on empty ones", () => {
    expect(casesWithEvents).toBeGreaterThanOrEqual(20);
  });

  it("are the same read inside a caller's transaction (its connection, one query at a time)", async () => {
    const query = {
      range: "custom",
      from: new Date(now - 9 * DAY_MS - 7 * MINUTE_MS).toISOString(),
      to: new Date(now).toISOString(),
    };
    const filter = { from: new Date(query.from), to: new Date(query.to) };
    const outside = [
      await deliverabilityDashboard({ query, now: new Date(now) }),
      await totals(filter),
      await bySender(filter),
    ];
    const inside = await getDb().transaction((tx) =>
      Promise.all([
        deliverabilityDashboard({ query, now: new Date(now), db: tx }),
        totals(filter, tx),
        bySender(filter, tx),
      ]),
    );
    expect(JSON.parse(JSON.stringify(inside))).toEqual(JSON.parse(JSON.stringify(outside)));
    expect(outside[1]).toMatchObject({ accepted: expect.any(Number) });
    expect((outside[1] as { accepted: number }).accepted).toBeGreaterThan(0);
  });
});

describe("rollup storage (migration 0008)", () => {
  it("keeps every bucket size and grain in its own partition, so a chart query reads only its own rows", async () => {
    const rows = (
      await getDb().execute<{ part: string; grain: string; bucket_size: string }>(
        sql`select distinct tableoid::regclass::text as part, grain::text, bucket_size::text from ${deliveryStats}`,
      )
    ).rows;
    expect(rows.map((row) => row.part).sort()).toEqual(
      ["minute", "hour", "day"]
        .flatMap((size) => ["sender", "recipient", "full"].map((grain) => `delivery_stats_${size}_${grain}`))
        .sort(),
    );
    for (const row of rows) expect(row.part).toBe(`delivery_stats_${row.bucket_size}_${row.grain}`);
  });
});
