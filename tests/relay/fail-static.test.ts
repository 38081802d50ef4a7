import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killSwitch } from "./support/policy-fixture";
import { type Harness, startHarness, trySend, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// The control plane goes away: the relay keeps enforcing its last policy (kill switches
// included, also after a restart, from disk), keeps its events in the on-disk spool, and delivers
// every one of them exactly once when the control plane is back.

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const spoolDir = () => path.join(h.relay.stateDir, "spool", "main");

function spooledIds(): string[] {
  if (!fs.existsSync(spoolDir())) return [];
  return fs
    .readdirSync(spoolDir())
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => fs.readFileSync(path.join(spoolDir(), f), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line).id as string);
}

// Nothing waiting in the spool: every event so far was acknowledged by the control plane.
const spoolEmpty = () => spooledIds().length === 0;

// Haraka's queue is drained: every accepted message was delivered and its queue file removed.
// (Stopping the relay before that is a crash for the queue: Haraka delivers again after the
// restart and the relay reports the same delivered event id again, which the control plane
// deduplicates — at-least-once, by design.)
const queueEmpty = () =>
  fs.readdirSync(path.join(h.relay.stateDir, "haraka", "queue")).filter((f) => !f.startsWith(".")).length === 0;

async function mailReply(credential: { username: string; secret: string }, from: string) {
  const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
  expect((await session.login(credential.username, credential.secret)).code).toBe(235);
  const reply = await session.command(`MAIL FROM:<${from}>`);
  await session.quit();
  return reply;
}

// While the control plane is down: the killed sender is refused, another one is delivered.
// Resolves to the ids in the spool once it holds at least `rounds` of each.
async function sendDuringOutage(subject: string, rounds = 1) {
  const refused = await mailReply(h.fixture.creds.billing, "invoices@billing.example");
  expect([refused.code, refused.enhanced]).toEqual([550, "5.7.1"]);
  expect(refused.text).toContain("kill switch");
  const sent = await trySend(h.transport(h.fixture.creds.alerts), {
    from: "noreply@alerts.example",
    to: "ops@example.net",
    subject,
    text: "x",
  });
  expect(sent.code).toBe(250);
  await waitFor(() => h.sinkMessages().find((m) => m.subject === subject), "delivery at the sink during the outage");
  // rejected + accepted + delivered, all waiting on disk
  return waitFor(() => {
    const ids = spooledIds();
    const count = (prefix: string) => ids.filter((id) => id.startsWith(prefix)).length;
    return count("dlv.") >= rounds && count("rej.") >= rounds && count("acc.") >= rounds ? ids : null;
  }, "the outage's events in the spool");
}

async function expectDeliveredExactlyOnce(ids: string[]) {
  await waitFor(
    () => ids.every((id) => h.cp.eventIds.has(id)) && spoolEmpty(),
    "every spooled event at the control plane",
  );
  // let any stray retry arrive before counting
  await new Promise((r) => setTimeout(r, 1200));
  expect(ids.map((id) => [id, h.cp.eventIds.get(id)])).toEqual(ids.map((id) => [id, 1]));
  expect(h.cp.invalidEvents).toEqual([]);
}

describe("control plane outage", () => {
  it("keeps enforcing the last policy including kill switches, spools events, and delivers each exactly once when the control plane is back", async () => {
    const version = h.cp.update((s) => s.killSwitches.push(killSwitch("sender", h.fixture.ids.billing)));
    await h.waitForPolicy(version);
    await waitFor(spoolEmpty, "an empty spool before the outage");
    await h.cp.stop();

    const ids = await sendDuringOutage("during outage");
    const types = new Set(ids.map((id) => id.split(".")[0]));
    expect(types).toEqual(new Set(["rej", "acc", "dlv"]));
    expect(ids.some((id) => h.cp.eventIds.has(id))).toBe(false);

    await h.cp.start();
    await expectDeliveredExactlyOnce(ids);
    const rejected = h.cp.received.find((e) => ids.includes(e.id) && e.type === "rejected");
    expect(rejected).toMatchObject({ reason: "kill_switch", senderId: h.fixture.ids.billing });
    // heartbeats resume, reporting the policy that was enforced throughout
    const beats = h.cp.heartbeats.length;
    await waitFor(() => h.cp.heartbeats.length > beats, "a heartbeat after the outage");
    expect(h.cp.heartbeats.at(-1)).toMatchObject({ policyVersion: version, spoolDepth: 0 });
  });

  it("a relay restarted while the control plane is down still enforces the kill switch from disk, and its spool survives the restart", async () => {
    await waitFor(spoolEmpty, "an empty spool before the outage");
    await h.cp.stop();
    const before = await sendDuringOutage("before restart");
    await waitFor(queueEmpty, "an empty outbound queue");
    await h.relay.stop();
    await h.startRelay();

    const ids = await sendDuringOutage("after restart", 2);
    expect(ids).toEqual(expect.arrayContaining(before));
    await h.cp.start();
    await expectDeliveredExactlyOnce(ids);
  });
});
