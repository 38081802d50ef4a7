// Retention (lib/events/retention.ts, run hourly by the background jobs): raw events older than
// retention.rawEventsDays go, minute rollups after 3 days, hour and day rollups after
// retention.rollupMonths; everything younger stays, and so does a row exactly at the cutoff.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats } from "@/db/schema";
import { MINUTE_ROLLUP_RETENTION_MS } from "@/lib/deliverability/buckets";
import { ensureEventPartitions } from "@/lib/events/event-partitions";
import { applyRetention } from "@/lib/events/retention";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";

const DAY_MS = 24 * 3600 * 1000;
const NOW = new Date("2026-06-15T12:00:00.000Z");
const NIL_SENDER = "00000000-0000-0000-0000-000000000000";

const ago = (ms: number) => new Date(NOW.getTime() - ms);
function monthsBefore(months: number, extraMs = 0): Date {
  const at = new Date(NOW);
  at.setUTCMonth(at.getUTCMonth() - months);
  return new Date(at.getTime() - extraMs);
}

async function addEvent(label: string, at: Date): Promise<void> {
  await ensureEventPartitions([at]);
  await getDb().insert(deliveryEvents).values({ source: "feedback-loop", eventId: label, type: "delivered", at });
}

// One rollup row per label, told apart by its reason.
async function addRollup(label: string, bucketSize: "minute" | "hour" | "day", bucketStart: Date): Promise<void> {
  await getDb().insert(deliveryStats).values({
    bucketSize,
    bucketStart,
    senderId: NIL_SENDER,
    outcome: "delivered",
    reason: label,
    fromDomain: "",
    recipientDomain: "",
    count: 1,
  });
}

async function remaining(): Promise<{ events: string[]; rollups: string[] }> {
  const events = await getDb().select({ id: deliveryEvents.eventId }).from(deliveryEvents);
  const rollups = await getDb().select({ label: deliveryStats.reason }).from(deliveryStats);
  return { events: events.map((e) => e.id).sort(), rollups: rollups.map((r) => r.label).sort() };
}

beforeEach(async () => {
  await getDb().delete(deliveryEvents);
  await getDb().delete(deliveryStats);
});

describe("applyRetention", () => {
  it("with the defaults: events after 30 days, minute rollups after 3 days, hour and day rollups after 13 months", async () => {
    await addEvent("event-31d", ago(31 * DAY_MS));
    await addEvent("event-30d-exactly", ago(30 * DAY_MS));
    await addEvent("event-29d", ago(29 * DAY_MS));
    await addRollup("minute-3d-1s", "minute", ago(MINUTE_ROLLUP_RETENTION_MS + 1000));
    await addRollup("minute-2d", "minute", ago(2 * DAY_MS));
    await addRollup("hour-13mo-1h", "hour", monthsBefore(13, 3600_000));
    await addRollup("hour-12mo", "hour", monthsBefore(12));
    await addRollup("day-14mo", "day", monthsBefore(14));
    await addRollup("day-13mo-exactly", "day", monthsBefore(13));

    expect(await applyRetention(NOW)).toEqual({ events: 1, minuteRollups: 1, hourRollups: 2 });
    expect(await remaining()).toEqual({
      events: ["event-29d", "event-30d-exactly"],
      rollups: ["day-13mo-exactly", "hour-12mo", "minute-2d"],
    });
  });

  it("follows retention.rawEventsDays and retention.rollupMonths; minute rollups stay 3 days", async () => {
    const admin = await makeActor("admin");
    await setSetting({ actor: admin, key: "retention.rawEventsDays", value: 7 });
    await setSetting({ actor: admin, key: "retention.rollupMonths", value: 2 });
    try {
      await addEvent("event-8d", ago(8 * DAY_MS));
      await addEvent("event-6d", ago(6 * DAY_MS));
      await addRollup("minute-4d", "minute", ago(4 * DAY_MS));
      await addRollup("minute-1d", "minute", ago(DAY_MS));
      await addRollup("hour-3mo", "hour", monthsBefore(3));
      await addRollup("day-1mo", "day", monthsBefore(1));

      expect(await applyRetention(NOW)).toEqual({ events: 1, minuteRollups: 1, hourRollups: 1 });
      expect(await remaining()).toEqual({ events: ["event-6d"], rollups: ["day-1mo", "minute-1d"] });
    } finally {
      await setSetting({ actor: admin, key: "retention.rawEventsDays", value: 30 });
      await setSetting({ actor: admin, key: "retention.rollupMonths", value: 13 });
    }
  });

  it("a second run finds nothing more to delete", async () => {
    await addEvent(`event-${randomUUID()}`, ago(40 * DAY_MS));
    expect((await applyRetention(NOW)).events).toBe(1);
    expect(await applyRetention(NOW)).toEqual({ events: 0, minuteRollups: 0, hourRollups: 0 });
  });
});
