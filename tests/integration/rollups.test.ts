// Property test: for random event streams (random batches, retried duplicates, invalid events
// mixed in), the rollups of every grain equal a GROUP BY over the raw events of that grain's
// dimensions, at minute, hour and day resolution.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats } from "@/db/schema";
import { ingestEvents } from "@/lib/events/ingest-events";
import { ROLLUP_BUCKETS, ROLLUP_GRAINS } from "@/lib/events/rollup";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { prng } from "../support/random";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const TYPES = ["accepted", "rejected", "delivered", "deferred", "bounced", "complained"] as const;
// Two real senders (outcome events must name a credential of theirs the relay holds) and none.
const SENDERS: (string | null)[] = [null];
const RECIPIENT_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "example.org"];
const FROM_DOMAINS = ["shop.example.com", "billing.example.com"];
const REASONS = ["auth", "kill_switch", "rate", "domain"];

let relayId: string;

beforeAll(async () => {
  const admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-prop-${Date.now()}` } })).relay.id;
  const domain = await makeDomain(admin);
  for (let i = 0; i < 2; i++) SENDERS.push((await makeActiveSender(admin, domain.id)).id);
});

const OUTCOMES = new Set(["delivered", "deferred", "bounced", "complained"]);

function randomEvent(r: ReturnType<typeof prng>, n: number) {
  const type = r.pick(TYPES);
  return {
    id: `prop-${n}-${r.int(0, 1e9)}`,
    type,
    at: new Date(Date.now() - r.int(0, 2 * 24 * 3600) * 1000).toISOString(),
    senderId: OUTCOMES.has(type) ? r.pick(SENDERS.slice(1)) : r.pick(SENDERS),
    from: `app@${r.pick(FROM_DOMAINS)}`,
    recipient: `user${r.int(1, 50)}@${r.pick(RECIPIENT_DOMAINS)}`,
    // Some refusals stand for several attempts (aggregated at the relay).
    ...(type === "rejected" ? { reason: r.pick(REASONS), count: r.pick([1, 1, 3, 17]) } : {}),
    ...(type === "bounced" ? { bounceType: r.pick(["hard", "soft"] as const), smtpCode: 550 } : {}),
    // Deliveries over TLS, in clear, or from a relay that does not say.
    ...(type === "delivered" ? { tls: r.pick([true, false, null, undefined]) } : {}),
  };
}

// What a grain keeps of each dimension, as SQL over the raw events (the rest is "" / nil uuid).
const NIL = "'00000000-0000-0000-0000-000000000000'";
// A delivery keeps its TLS in the reason dimension, in the recipient grain too.
const DELIVERED_TLS = "case tls when true then 'tls' when false then 'no_tls' else '' end";
const RAW_DIMS = {
  sender: `coalesce(sender_id::text, ${NIL})`,
  reason: `case when type = 'bounced' then coalesce(bounce_type, '') when type = 'delivered' then ${DELIVERED_TLS}
    else coalesce(reason, '') end`,
  fromDomain: "coalesce(lower(split_part(from_address, '@', 2)), '')",
  recipientDomain: "coalesce(recipient_domain, '')",
};
const GRAIN_DIMS: Record<(typeof ROLLUP_GRAINS)[number], string[]> = {
  full: [RAW_DIMS.sender, RAW_DIMS.reason, RAW_DIMS.fromDomain, RAW_DIMS.recipientDomain],
  sender: [RAW_DIMS.sender, RAW_DIMS.reason, RAW_DIMS.fromDomain, "''"],
  recipient: [NIL, `case when type = 'delivered' then ${DELIVERED_TLS} else '' end`, "''", RAW_DIMS.recipientDomain],
};

async function rollupsMatchRawEvents(grain: (typeof ROLLUP_GRAINS)[number], size: "minute" | "hour" | "day") {
  const [sender, reason, fromDomain, recipientDomain] = GRAIN_DIMS[grain];
  const raw = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from date_trunc(${sql.raw(`'${size}'`)}, ${deliveryEvents.at}, 'UTC')), ${sql.raw(sender)}, ${deliveryEvents.type}::text,
      ${sql.raw(reason)}, ${sql.raw(fromDomain)}, ${sql.raw(recipientDomain)}) as k, sum(${deliveryEvents.count})::text as n
    from ${deliveryEvents} group by 1 order by 1`);
  const rolled = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from ${deliveryStats.bucketStart}), ${deliveryStats.senderId}::text, ${deliveryStats.outcome}::text, ${deliveryStats.reason}, ${deliveryStats.fromDomain}, ${deliveryStats.recipientDomain}) as k, sum(${deliveryStats.count})::text as n
    from ${deliveryStats} where ${deliveryStats.grain} = ${grain} and ${deliveryStats.bucketSize} = ${size} group by 1 order by 1`);
  const toMap = (rows: { k: string; n: string }[]) =>
    Object.fromEntries(rows.map((r) => [r.k.replace(/\.0+\|/, "|"), Number(r.n)]));
  const expected = toMap(raw.rows);
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(toMap(rolled.rows), `${grain} × ${size}`).toEqual(expected);
}

describe("rollups at ingest", () => {
  it.each([1, 2, 3, 4, 5])("equal the raw events for random stream #%i", async (seed) => {
    const r = prng(seed * 7919);
    const stream = await asRelayed(
      relayId,
      Array.from({ length: r.int(150, 400) }, (_, i) => randomEvent(r, seed * 100_000 + i)),
    );
    let offset = 0;
    while (offset < stream.length) {
      const batch = stream.slice(offset, offset + r.int(1, 120));
      const withNoise = r.next() < 0.3 ? [...batch, { id: "bad", type: "nope" }] : batch;
      await ingestEvents({ relayId, input: { events: withNoise } });
      // A relay retrying the same batch must change nothing.
      if (r.next() < 0.4) await ingestEvents({ relayId, input: { events: batch } });
      offset += batch.length;
    }
    for (const grain of ROLLUP_GRAINS) for (const [size] of ROLLUP_BUCKETS) await rollupsMatchRawEvents(grain, size);
  });
});

describe("aggregated refusals", () => {
  it("store the number of attempts an event stands for, and the rollups add it instead of 1", async () => {
    const at = new Date(Date.UTC(2026, 0, 5, 3, 7, 30)).toISOString();
    const refusal = (id: string, count?: number) => ({
      id,
      type: "rejected",
      at,
      reason: "auth",
      clientIp: "203.0.113.99",
      from: "x@agg.example",
      ...(count !== undefined ? { count } : {}),
    });
    const result = await ingestEvents({
      relayId,
      input: { events: [refusal("agg-00000001", 60), refusal("agg-00000002", 39), refusal("agg-00000003")] },
    });
    expect(result).toMatchObject({ accepted: 3, invalid: [] });
    const stored = await getDb().execute<{ n: string }>(
      sql`select sum(${deliveryEvents.count})::text as n from ${deliveryEvents} where ${deliveryEvents.eventId} like 'agg-%'`,
    );
    expect(Number(stored.rows[0].n)).toBe(100);
    const rolled = await getDb().execute<{ bucket_size: string; n: string }>(sql`
      select ${deliveryStats.bucketSize}::text as bucket_size, sum(${deliveryStats.count})::text as n from ${deliveryStats}
      where ${deliveryStats.grain} = 'full' and ${deliveryStats.fromDomain} = 'agg.example' group by 1 order by 1`);
    expect(Object.fromEntries(rolled.rows.map((r) => [r.bucket_size, Number(r.n)]))).toEqual({
      day: 100,
      hour: 100,
      minute: 100,
    });
    // Only refusals are aggregated; a count is bounded.
    const bad = await ingestEvents({
      relayId,
      input: {
        events: [
          { ...refusal("agg-00000004"), type: "accepted", count: 5 },
          refusal("agg-00000005", 2_000_000),
          refusal("agg-00000006", 0),
        ],
      },
    });
    expect(bad.invalid.map((i) => [i.index, Object.keys(i.errors)])).toEqual([
      [0, ["count"]],
      [1, ["count"]],
      [2, ["count"]],
    ]);
  });
});
