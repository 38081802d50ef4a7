// Storing events (lib/events/store-events.ts): through a staging table filled by COPY on
// PostgreSQL (unnest on PGlite), then one statement inserting the new rows and adding exactly
// those to the rollups; delivery_events partitioned by UTC day, retention dropping old days.
// Run on both drivers (TEST_DATABASE_URL for PostgreSQL).
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats, NIL_UUID } from "@/db/schema";
import { utcDay } from "@/lib/events/event-partitions";
import { ingestEvents } from "@/lib/events/ingest-events";
import { applyRetention } from "@/lib/events/retention";
import { applyRollups } from "@/lib/events/rollup";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const DAY_MS = 24 * 3600 * 1000;
let relayId: string;
let senderId: string;
let run = 0;
// Ids unique per test, so tests sharing the database never meet each other's events.
const idOf = (label: string) => `t${run}-${label}`.padEnd(8, "x");

beforeAll(async () => {
  const admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-store-${Date.now()}` } })).relay.id;
  senderId = (await makeActiveSender(admin, (await makeDomain(admin)).id)).id;
});

const ingest = async (events: { type: string; [field: string]: unknown }[]) =>
  ingestEvents({ relayId, input: { events: await asRelayed(relayId, events) } });

type Stat = {
  grain: string;
  size: string;
  start: string;
  sender: string;
  outcome: string;
  reason: string;
  from: string;
  to: string;
  n: number;
};
async function statsWhere(where: ReturnType<typeof sql>): Promise<Stat[]> {
  const rows = await getDb().execute<Omit<Stat, "n"> & { n: string }>(sql`
    select grain::text as grain, bucket_size::text as size, to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as start,
      sender_id::text as sender, outcome::text as outcome, reason, from_domain as from, recipient_domain as to, count::text as n
    from ${deliveryStats} as s where ${where}
    -- The table's own columns (enum order), not the text aliases above.
    order by s.grain, s.bucket_size, s.bucket_start, s.sender_id, s.outcome, s.reason, s.from_domain, s.recipient_domain`);
  return rows.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

async function eventCount(prefix: string): Promise<number> {
  const rows = await getDb().execute<{ n: string }>(
    sql`select count(*)::text as n from ${deliveryEvents} where ${deliveryEvents.eventId} like ${`${prefix}%`}`,
  );
  return Number(rows.rows[0].n);
}

describe("storing events", () => {
  it("round-trips tabs, newlines, backslashes, \\N, unicode and absent fields through the staging table", async () => {
    run++;
    const detail = "line one\nline\ttwo\r\nback\\slash \\N \\t literal; Grüße 📬 邮件";
    const result = await ingest([
      {
        id: idOf("esc"),
        type: "rejected",
        at: new Date().toISOString(),
        reason: "policy",
        from: "\\N",
        detail,
        recipient: "ü@例え.jp",
      },
      { id: idOf("nul"), type: "accepted", at: new Date().toISOString() },
    ]);
    expect(result).toMatchObject({ accepted: 2, invalid: [] });
    const stored = await getDb()
      .select()
      .from(deliveryEvents)
      .where(sql`${deliveryEvents.eventId} like ${`t${run}-%`}`)
      .orderBy(deliveryEvents.eventId);
    expect(stored.map((e) => [e.eventId, e.detail, e.fromAddress, e.recipient, e.recipientDomain])).toEqual([
      [idOf("esc"), detail, "\\N", "ü@例え.jp", "例え.jp"],
      [idOf("nul"), null, null, null, null],
    ]);
    expect(stored[1]).toMatchObject({ messageId: null, senderId: null, smtpCode: null, tls: null, count: 1 });
  });

  it("rolls each event into every grain and bucket with the dimensions that grain keeps", async () => {
    run++;
    const at = "2026-03-04T05:06:07.890Z";
    await ingest([
      {
        id: idOf("d1"),
        type: "delivered",
        at,
        senderId,
        from: "Shop <App@Shop.Example.COM>",
        recipient: "a@Gmail.com",
        tls: true,
      },
      {
        id: idOf("d2"),
        type: "delivered",
        at,
        senderId,
        from: "app@shop.example.com \t",
        recipient: "b@gmail.com",
        tls: false,
      },
      {
        id: idOf("b1"),
        type: "bounced",
        at,
        senderId,
        from: "app@shop.example.com",
        recipient: "c@gmail.com",
        bounceType: "hard",
      },
      { id: idOf("r1"), type: "rejected", at, reason: "rate", from: "no-at-sign", count: 5 },
    ]);
    const stats = await statsWhere(
      sql`bucket_start >= '2026-03-04' and bucket_start < '2026-03-05' and bucket_size = 'minute'`,
    );
    const row = (
      grain: string,
      sender: string,
      outcome: string,
      reason: string,
      from: string,
      to: string,
      n: number,
    ) => ({
      grain,
      size: "minute",
      start: "2026-03-04T05:06",
      sender,
      outcome,
      reason,
      from,
      to,
      n,
    });
    expect(stats).toEqual([
      row("sender", NIL_UUID, "rejected", "rate", "", "", 5),
      row("sender", senderId, "delivered", "no_tls", "shop.example.com", "", 1),
      row("sender", senderId, "delivered", "tls", "shop.example.com", "", 1),
      row("sender", senderId, "bounced", "hard", "shop.example.com", "", 1),
      row("recipient", NIL_UUID, "rejected", "", "", "", 5),
      row("recipient", NIL_UUID, "delivered", "no_tls", "", "gmail.com", 1),
      row("recipient", NIL_UUID, "delivered", "tls", "", "gmail.com", 1),
      row("recipient", NIL_UUID, "bounced", "", "", "gmail.com", 1),
      row("full", NIL_UUID, "rejected", "rate", "", "", 5),
      row("full", senderId, "delivered", "no_tls", "shop.example.com", "gmail.com", 1),
      row("full", senderId, "delivered", "tls", "shop.example.com", "gmail.com", 1),
      row("full", senderId, "bounced", "hard", "shop.example.com", "gmail.com", 1),
    ]);
    // Hour and day buckets hold the same counts, at the start of their hour and (UTC) day.
    const coarse = await statsWhere(
      sql`bucket_start >= '2026-03-04' and bucket_start < '2026-03-05' and bucket_size <> 'minute' and grain = 'sender'`,
    );
    expect(coarse.map((s) => [s.size, s.start, s.n])).toEqual([
      ["hour", "2026-03-04T05:00", 5],
      ["hour", "2026-03-04T05:00", 1],
      ["hour", "2026-03-04T05:00", 1],
      ["hour", "2026-03-04T05:00", 1],
      ["day", "2026-03-04T00:00", 5],
      ["day", "2026-03-04T00:00", 1],
      ["day", "2026-03-04T00:00", 1],
      ["day", "2026-03-04T00:00", 1],
    ]);
  });

  it("counts the same as applyRollups over the same events (one rollup statement for both)", async () => {
    run++;
    const at = Date.UTC(2026, 2, 9, 10, 0, 0);
    const events = Array.from({ length: 40 }, (_, i) => ({
      id: idOf(`same-${i}`),
      type: (["accepted", "accepted", "rejected"] as const)[i % 3],
      at: new Date(at + i * 37_000).toISOString(),
      from: `x@d${i % 4}.example`,
      recipient: `r@to${i % 3}.example`,
      ...(i % 3 === 2 ? { reason: "rate" } : {}),
    }));
    await ingest(events);
    const ingested = await statsWhere(sql`bucket_start >= '2026-03-09' and bucket_start < '2026-03-10'`);
    await getDb().execute(
      sql`delete from ${deliveryStats} where bucket_start >= '2026-03-09' and bucket_start < '2026-03-10'`,
    );
    await applyRollups(
      getDb(),
      events.map((e) => ({
        atMs: Date.parse(e.at),
        type: e.type,
        senderId: null,
        reason: e.reason ?? null,
        fromAddress: e.from,
        recipientDomain: e.recipient.split("@")[1],
      })),
    );
    expect(await statsWhere(sql`bucket_start >= '2026-03-09' and bucket_start < '2026-03-10'`)).toEqual(ingested);
  });

  it("a retried batch changes nothing, and concurrent batches sharing events count each once", async () => {
    run++;
    const at = Date.UTC(2026, 2, 11, 8, 0, 0);
    const all = Array.from({ length: 120 }, (_, i) => ({
      id: idOf(`c-${i}`),
      type: "rejected",
      reason: "rate",
      from: "x@concurrent.example",
      at: new Date(at + i * 1000).toISOString(),
    }));
    const where = sql`bucket_start >= '2026-03-11' and bucket_start < '2026-03-12'`;
    // Four overlapping windows over the 120 events, sent at once, each in a different order.
    const windows = [all.slice(0, 60), all.slice(30, 90).reverse(), all.slice(60, 120), all.slice(0, 120).reverse()];
    const results = await Promise.all(windows.map((events) => ingest(events)));
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(120);
    expect(await eventCount(`t${run}-c-`)).toBe(120);
    const stats = await statsWhere(where);
    expect(stats.filter((s) => s.grain === "full" && s.size === "day").map((s) => s.n)).toEqual([120]);
    // The same again: all duplicates, nothing moves.
    const retried = await ingest(all);
    expect(retried).toMatchObject({ accepted: 0, duplicates: 120 });
    expect(await statsWhere(where)).toEqual(stats);
    expect(await eventCount(`t${run}-c-`)).toBe(120);
  });
});

describe("partitions by day", () => {
  it("puts events of several days in their day's partition", async () => {
    run++;
    const days = ["2026-02-27T23:59:59.999Z", "2026-02-28T00:00:00.000Z", "2026-03-01T12:00:00+02:00"];
    await ingest(days.map((at, i) => ({ id: idOf(`day-${i}`), type: "accepted", at })));
    const placed = await getDb().execute<{ part: string; id: string }>(sql`
      select tableoid::regclass::text as part, event_id as id from ${deliveryEvents}
      where event_id like ${`t${run}-day-%`} order by event_id`);
    expect(placed.rows.map((r) => r.part)).toEqual([
      "delivery_events_p20260227",
      "delivery_events_p20260228",
      // 12:00 at +02:00 is 10:00 UTC: days are UTC days.
      "delivery_events_p20260301",
    ]);
    expect(utcDay(days[2])).toBe("2026-03-01");
  });

  it("retention drops the partitions of days older than rawEventsDays (whole days) and keeps the rest", async () => {
    run++;
    // Noon UTC today: the 30-day cutoff falls at noon, in the middle of its day's partition.
    const now = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 12 * 3600_000);
    const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY_MS - hours * 3600_000).toISOString();
    const part = (at: string) => `delivery_events_p${utcDay(at).replaceAll("-", "")}`;
    await ingest([
      { id: idOf("old-45d"), type: "accepted", at: ago(45) },
      { id: idOf("old-31d"), type: "accepted", at: ago(31) },
      { id: idOf("old-31d-b"), type: "accepted", at: ago(31, 11) },
      // Older than 30 days, but its day (the cutoff's) is not over yet: it stays until it is.
      { id: idOf("keep-30d-1h"), type: "accepted", at: ago(30, 1) },
      { id: idOf("keep-29d"), type: "accepted", at: ago(29) },
      { id: idOf("keep-now"), type: "accepted", at: ago(0) },
    ]);
    expect(await partitionNames()).toContain(part(ago(45)));
    // Everything before the cutoff's day goes (other tests' events of early 2026 included).
    const cutoffDay = new Date(Math.floor((now.getTime() - 30 * DAY_MS) / DAY_MS) * DAY_MS);
    const [{ n: older }] = (
      await getDb().execute<{ n: string }>(
        sql`select count(*)::text as n from ${deliveryEvents} where ${deliveryEvents.at} < ${cutoffDay.toISOString()}::timestamptz`,
      )
    ).rows;
    expect(Number(older)).toBeGreaterThanOrEqual(3);
    const dropped = await applyRetention(now);
    expect(dropped.events).toBe(Number(older));
    const after = await partitionNames();
    for (const gone of [ago(45), ago(31), ago(31, 11)]) expect(after).not.toContain(part(gone));
    for (const kept of [ago(30, 1), ago(29), ago(0)]) expect(after).toContain(part(kept));
    expect(after.every((name) => name >= part(cutoffDay.toISOString()))).toBe(true);
    expect(await eventCount(`t${run}-old-`)).toBe(0);
    expect(await eventCount(`t${run}-keep-`)).toBe(3);
    expect((await applyRetention(now)).events).toBe(0);
    // A late event for a dropped day gets its partition again (the cache trusts only recent days).
    expect(await ingest([{ id: idOf("late-45d"), type: "accepted", at: ago(45) }])).toMatchObject({ accepted: 1 });
    expect(await eventCount(`t${run}-late-`)).toBe(1);
  });
});

async function partitionNames(): Promise<string[]> {
  const rows = await getDb().execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'delivery_events'::regclass order by 1`);
  return rows.rows.map((r) => r.name);
}
