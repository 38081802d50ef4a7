// Property test: for random event streams (random batches, retried duplicates, invalid events
// mixed in), the rollups equal a GROUP BY over the raw events, at minute and hour resolution.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats } from "@/db/schema";
import { ingestEvents } from "@/lib/events/ingest-events";
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

async function rollupsMatchRawEvents(size: "minute" | "hour") {
  const unit = sql.raw(`'${size}'`);
  const raw = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from date_trunc(${unit}, ${deliveryEvents.at})), coalesce(${deliveryEvents.senderId}::text, '00000000-0000-0000-0000-000000000000'), ${deliveryEvents.type}::text,
      case when ${deliveryEvents.type} = 'bounced' then coalesce(${deliveryEvents.bounceType}, '') else coalesce(${deliveryEvents.reason}, '') end,
      coalesce(lower(split_part(${deliveryEvents.fromAddress}, '@', 2)), ''), coalesce(${deliveryEvents.recipientDomain}, '')) as k, count(*)::text as n
    from ${deliveryEvents} group by 1 order by 1`);
  const rolled = await getDb().execute<{ k: string; n: string }>(sql`
    select concat_ws('|', extract(epoch from ${deliveryStats.bucketStart}), ${deliveryStats.senderId}::text, ${deliveryStats.outcome}::text, ${deliveryStats.reason}, ${deliveryStats.fromDomain}, ${deliveryStats.recipientDomain}) as k, sum(${deliveryStats.count})::text as n
    from ${deliveryStats} where ${deliveryStats.bucketSize} = ${size} group by 1 order by 1`);
  const toMap = (rows: { k: string; n: string }[]) => Object.fromEntries(rows.map((r) => [r.k.replace(/\.0+\|/, "|"), Number(r.n)]));
  expect(toMap(rolled.rows)).toEqual(toMap(raw.rows));
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
    await rollupsMatchRawEvents("minute");
    await rollupsMatchRawEvents("hour");
  });
});
