import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { ScriptedSink } from "./support/scripted-sink";

// Restarts and stops of a relay with mail in its queue (issue 16, item 7): deferred mail goes out
// when it is due, not twice as late (Haraka 3.3.4's queue load waits the remaining delay twice),
// and a normal stop lets a delivery in flight finish, so it is never delivered a second time.

const RETRY_S = 12;
// Haraka's temp-fail timer ticks once a second; a restart costs a couple of seconds of CPU here.
const DUE_SLACK_MS = 3_000;

let h: Harness;
const sink = new ScriptedSink();

beforeAll(async () => {
  await sink.start();
  h = await startHarness({
    smarthost: `127.0.0.1:${sink.port}`,
    tempFailIntervals: `${RETRY_S}s*5`,
    drainTimeoutSeconds: 10,
  });
});

afterAll(async () => {
  await h?.stop();
  await sink.close();
});

const queueDir = () => path.join(h.relayOptions.stateDir, "haraka", "queue");
// Haraka's queue file names: arrival_nextAttempt_attempts_pid_…
const queued = () =>
  fs
    .readdirSync(queueDir())
    .filter((name) => /^\d+_\d+_\d+_/.test(name))
    .map((name) => ({ name, nextAttempt: Number(name.split("_")[1]), attempts: Number(name.split("_")[2]) }));

const send = (subject: string) =>
  trySend(h.transport(h.fixture.creds.billing), {
    from: "invoices@billing.example",
    to: "someone@example.net",
    subject,
    text: "restart test",
  });

async function restartRelay(): Promise<void> {
  await h.relay.stop();
  await h.startRelay();
  await h.waitForPolicy();
}

describe("relay restarts with mail in the queue", () => {
  it("delivers deferred mail at its due time after a restart, not after twice the remaining delay", async () => {
    sink.mode = "defer";
    const subject = `deferred-${Date.now()}`;
    expect((await send(subject)).code).toBe(250);
    const deferred = await waitFor(
      () => queued().find((q) => q.attempts === 1),
      "the queue file rewritten after the 451",
      15_000,
    );
    sink.mode = "accept";
    await restartRelay();
    const restartedAt = Date.now();
    // The bug would deliver at restart + 2 × (due - restart): well past due + slack.
    expect(deferred.nextAttempt - restartedAt).toBeGreaterThan(DUE_SLACK_MS + 1_000);

    const delivered = await waitFor(() => sink.received.find((r) => r.subject === subject), "the delivery", 40_000);
    expect(delivered.at).toBeGreaterThanOrEqual(deferred.nextAttempt - 50);
    expect(delivered.at - deferred.nextAttempt).toBeLessThan(DUE_SLACK_MS);
    await waitFor(() => queued().length === 0, "an empty queue");
    expect(sink.count(subject)).toBe(1);
  });

  it("a SIGTERM waits for the delivery in flight: delivered once, not again after the restart", async () => {
    sink.mode = "accept";
    sink.holdMs = 3_000;
    const subject = `in-flight-${Date.now()}`;
    expect((await send(subject)).code).toBe(250);
    // The next hop has the whole message and is about to answer 250 when the stop comes.
    await waitFor(() => sink.count(subject) === 1, "the message at the next hop", 15_000);
    const stoppedAt = Date.now();
    process.kill(h.relay.pid, "SIGTERM");
    const how = await h.relay.exited;
    expect(how).toBe(0);
    // It waited for the 250, and not for the whole drain timeout.
    expect(Date.now() - stoppedAt).toBeGreaterThan(1_500);
    expect(Date.now() - stoppedAt).toBeLessThan(9_000);
    expect(queued()).toEqual([]);

    sink.holdMs = 0;
    await h.startRelay();
    await h.waitForPolicy();
    // One delivered event per message (this one spooled before the exit at the latest), none twice.
    const delivered = await waitFor(
      () => (h.cp.eventsOfType("delivered").length >= 2 ? h.cp.eventsOfType("delivered") : null),
      "the delivered events",
    );
    expect(new Set(delivered.map((e) => e.id)).size).toBe(delivered.length);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(sink.count(subject)).toBe(1);
  });
});
