import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateToken } from "../../lib/server/secrets/token-format";
import { FakeControlPlane } from "./support/fake-control-plane";
import { makeFixture } from "./support/policy-fixture";
import { waitFor } from "./support/relay-harness";
import { quietLog, tempDirsRemovedAfterEach } from "./support/scratch";

// The plugin's event sender against a real HTTP control plane that answers 413 above a body size
// (as a proxy or the control plane's own limit would): batches are cut by bytes, a 413 halves
// the batch, one event too large alone is set aside, and every other event arrives.

const require = createRequire(import.meta.url);
const { EventSpool } = require("../../relay/plugin/lib/event-spool.js");
const { EventSender } = require("../../relay/plugin/lib/event-sender.js");
const { makeEvent } = require("../../relay/plugin/lib/events.js");

const tempDir = tempDirsRemovedAfterEach("switchyard-sender-");
const running: { sender?: { stop(): void }; cp?: FakeControlPlane }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.sender?.stop();
    await r.cp?.stop();
  }
});

// About 1 KB of JSON each; `large` about 2.8 KB (every field at its maximum length).
function relayEvent(i: number, large = false) {
  const info = {
    senderId: null,
    clientIp: "127.0.0.1",
    username: "app",
    messageId: large ? `<${"m".repeat(990)}@x>` : `<m${i}@x>`,
    from: large ? `${"f".repeat(300)}@x.example` : "app@x.example",
  };
  return makeEvent(`evt.${String(i).padStart(6, "0")}`, "accepted", info, {
    recipient: large ? `${"r".repeat(300)}@y.example` : `u${i}@y.example`,
    detail: (large ? "D" : "d").repeat(large ? 1000 : 900),
  });
}

async function start({
  events,
  maxBodyBytes,
  batchMaxBytes,
}: {
  events: object[];
  maxBodyBytes: number;
  batchMaxBytes?: number;
}) {
  const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: makeFixture().snapshot });
  cp.maxEventsBodyBytes = maxBodyBytes;
  await cp.start();
  const dir = tempDir();
  const spool = new EventSpool({ dir, log: quietLog });
  spool.open();
  await spool.append(events);
  await spool.close();
  const settings = {
    controlUrl: cp.url,
    token: cp.token,
    eventsMaxBackoffMs: 100,
    eventsShipIntervalMs: 10,
    ...(batchMaxBytes ? { eventsBatchMaxBytes: batchMaxBytes } : {}),
  };
  const sender = new EventSender({ settings, spool, log: quietLog });
  running.push({ sender, cp });
  sender.start();
  return { cp, spool, dir };
}

describe("event sender", () => {
  it("cuts batches by bytes: 600 events of 1 KB reach a control plane taking 64 KB bodies, none refused", async () => {
    const events = Array.from({ length: 600 }, (_, i) => relayEvent(i));
    const { cp, spool, dir } = await start({ events, maxBodyBytes: 64 * 1024, batchMaxBytes: 60 * 1024 });
    await waitFor(() => spool.depth === 0 && cp.received.length >= 600, "all events shipped");
    expect(new Set(cp.received.map((e) => e.id)).size).toBe(600);
    expect(cp.eventsBodySizes.every((b) => b.status === 200 && b.bytes <= 60 * 1024)).toBe(true);
    expect(fs.existsSync(path.join(dir, "rejected"))).toBe(false);
  });

  it("halves a batch answered 413 until it fits, and sets aside (and reports) only an event too large alone", async () => {
    const events = Array.from({ length: 100 }, (_, i) => relayEvent(i));
    events.splice(50, 0, relayEvent(999, true));
    // Room for two small events per body; the large one never fits.
    const { cp, spool, dir } = await start({ events, maxBodyBytes: 2500 });
    await waitFor(() => spool.depth === 0 && spool.setAside === 1, "the segment shipped", 20_000);
    const ids = new Set(cp.received.map((e) => e.id));
    expect(ids.size).toBe(100);
    expect(ids.has("evt.000999")).toBe(false);
    expect(cp.eventsBodySizes.filter((b) => b.status === 413).length).toBeGreaterThan(0);
    // The first 413 was for the whole 101-event batch; later batches stay under the refused size.
    const setAside = fs.readdirSync(path.join(dir, "rejected"));
    expect(setAside).toHaveLength(1);
    const kept = fs
      .readFileSync(path.join(dir, "rejected", setAside[0]), "utf8")
      .trim()
      .split("\n");
    expect(kept.map((l) => JSON.parse(l).id)).toEqual(["evt.000999"]);
  });
});

describe("event sender while the control plane fails", () => {
  it("says so at the first failure and then periodically, and ships at once when told it answers again", async () => {
    const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: makeFixture().snapshot });
    cp.eventsStatus = 500;
    await cp.start();
    const spool = new EventSpool({ dir: tempDir(), log: quietLog });
    spool.open();
    await spool.append([relayEvent(1), relayEvent(2)]);
    await spool.close();
    const warnings: string[] = [];
    const notices: string[] = [];
    const log = { ...quietLog, warn: (m: string) => warnings.push(m), notice: (m: string) => notices.push(m) };
    // A long backoff cap, as in production: without retryNow the fifth try would be 4 s away.
    const settings = { controlUrl: cp.url, token: cp.token, eventsMaxBackoffMs: 30_000, eventsShipIntervalMs: 10 };
    const sender = new EventSender({ settings, spool, log, reportEveryMs: 300 });
    running.push({ sender, cp });
    sender.start();

    await waitFor(() => cp.eventsBodySizes.length >= 4, "four failed tries", 10_000);
    expect(warnings[0]).toMatch(/^sending events failed \(events answered 500\); 2 kept in the spool, retrying$/);
    expect(
      warnings
        .slice(1)
        .some((w) =>
          /^sending events still failing after \d+ s \(last error: events answered 500\); 2 kept in the spool/.test(w),
        ),
    ).toBe(true);
    // Periodic, not per try.
    expect(warnings.length).toBeLessThan(cp.eventsBodySizes.length + 1);

    cp.eventsStatus = null;
    const woken = Date.now();
    sender.retryNow();
    await waitFor(() => spool.depth === 0, "the events shipped after retryNow", 5_000);
    expect(Date.now() - woken).toBeLessThan(1_000);
    expect(cp.received.map((e) => e.id).sort()).toEqual(["evt.000001", "evt.000002"]);
    expect(notices.some((n) => n.startsWith("events reach the control plane again after"))).toBe(true);
  });
});
