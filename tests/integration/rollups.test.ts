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

const TYPES = ["accepted", "rejected", "delivered", "deferred", "bounced", "complained"] as const;
const SENDERS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", null];
const RECIPIENT_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "example.org"];
const FROM_DOMAINS = ["shop.example.com", "billing.example.com"];
const REASONS = ["auth", "kill_switch", "rate", "domain"];

let relayId: string;

beforeAll(async () => {
  const admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-prop-${Date.now()}` } })).relay.id;
});

function randomEvent(r: ReturnType<typeof prng>, n: number) {
  const type = r.pick(TYPES);
  return {
    id: `prop-${n}-${r.int(0, 1e9)}`,
    type,
    at: new Date(Date.now() - r.int(0, 2 * 24 * 3600) * 1000).toISOString(),
    senderId: r.pick(SENDERS),
    from: `app@${r.pick(FROM_DOMAINS)}`,
    recipient: `user${r.int(1, 50)}@${r.pick(RECIPIENT_DOMAINS)}`,
    ...(type === "rejected" ? { reason: r.pick(REASONS) } : {}),
    ...(type === "bounced" ? { bounceType: r.pick(["hard", "soft"] as const), smtpCode: 550 } : {}),
  };
}

// What a grain keeps of each dimension, as SQL over the raw events (the rest is "" / nil uuid).
const NIL = "'00000000-0000-0000-0000-000000000000'";
const RAW_DIMS = {
  sender: `coalesce(sender_id::text, ${NIL})`,
  reason: "case when type = 'bounced' then coalesce(bounce_type, '') else coalesce(reason, '') end",
  fromDomain: "coalesce(lower(split_part(from_address, '@', 2)), '')",
  recipientDomain: "coalesce(recipient_domain, '')",
};
const GRAIN_DIMS: Record<(typeof ROLLUP_GRAINS)[number], string[]> = {
  full: [RAW_DIMS.sender, RAW_DIMS.reason, RAW_DIMS.fromDomain, RAW_DIMS.recipientDomain],
  sender: [RAW_DIMS.sender, RAW_DIMS.reason, RAW_DIMS.fromDomain, "''"],
  recipient: [NIL, "''", "''", RAW_DIMS.recipientDomain],
};

async function rollupsMatchRawEvents(grain: (typeof ROLLUP_GRAINS)[number], size: "minute" | "hour" | "day") {
  const [sender, reason, fromDomain, recipientDomain] = GRAIN_DIMS[grain];
  const raw = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from date_trunc(${sql.raw(`'${size}'`)}, ${deliveryEvents.at}, 'UTC')), ${sql.raw(sender)}, ${deliveryEvents.type}::text,
      ${sql.raw(reason)}, ${sql.raw(fromDomain)}, ${sql.raw(recipientDomain)}) as k, count(*)::text as n
    from ${deliveryEvents} group by 1 order by 1`);
  const rolled = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from ${deliveryStats.bucketStart}), ${deliveryStats.senderId}::text, ${deliveryStats.outcome}::text, ${deliveryStats.reason}, ${deliveryStats.fromDomain}, ${deliveryStats.recipientDomain}) as k, sum(${deliveryStats.count})::text as n
    from ${deliveryStats} where ${deliveryStats.grain} = ${grain} and ${deliveryStats.bucketSize} = ${size} group by 1 order by 1`);
  const toMap = (rows: { k: string; n: string }[]) => Object.fromEntries(rows.map((r) => [r.k.replace(/\.0+\|/, "|"), Number(r.n)]));
  const expected = toMap(raw.rows);
  expect(Object.keys(expected).length).toBeGreaterThan(0);
  expect(toMap(rolled.rows), `${grain} × ${size}`).toEqual(expected);
}

describe("rollups at ingest", () => {
  it.each([1, 2, 3, 4, 5])("equal the raw events for random stream #%i", async (seed) => {
    const r = prng(seed * 7919);
    const stream = Array.from({ length: r.int(150, 400) }, (_, i) => randomEvent(r, seed * 100_000 + i));
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
