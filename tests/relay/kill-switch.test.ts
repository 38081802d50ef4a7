import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killSwitch } from "./support/policy-fixture";
import { type Harness, startHarness } from "./support/relay-harness";
import { type Reply, SmtpSession } from "./support/smtp-session";

// Kill switches reach a running relay through the long-poll and stop the very next message, also
// on a connection that was opened and authenticated before the switch was engaged.

const ENFORCEMENT_LIMIT_MS = 1000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function openSession(credential: { username: string; secret: string }) {
  const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
  expect((await session.login(credential.username, credential.secret)).code).toBe(235);
  return session;
}

// Issues MAIL FROM on the open connection until the answer's code is `code`; returns that reply
// and the milliseconds since the control plane changed the snapshot.
async function untilCode(session: SmtpSession, from: string, code: number): Promise<{ reply: Reply; ms: number }> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const reply = await session.command(`MAIL FROM:<${from}>`);
    if (reply.code === 250) await session.command("RSET");
    if (reply.code === code) return { reply, ms: performance.now() - h.cp.changedAt };
    if (performance.now() > deadline) throw new Error(`still ${reply.code} ${reply.text} after 5 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function mailCode(session: SmtpSession, from: string): Promise<number> {
  const reply = await session.command(`MAIL FROM:<${from}>`);
  if (reply.code === 250) await session.command("RSET");
  return reply.code;
}

function release() {
  h.cp.update((s) => {
    s.killSwitches = [];
  });
}

describe("kill switches", () => {
  it("a sender switch rejects the next message on an already-open connection within 1 s, and release lets it through again", async () => {
    const { creds, ids } = h.fixture;
    const billing = await openSession(creds.billing);
    const alerts = await openSession(creds.alerts);
    expect((await billing.send({ from: "invoices@billing.example", to: "a@example.net" })).code).toBe(250);

    h.cp.update((s) => s.killSwitches.push(killSwitch("sender", ids.billing)));
    const stopped = await untilCode(billing, "invoices@billing.example", 550);
    expect(stopped.ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect(stopped.reply.enhanced).toBe("5.7.1");
    expect(stopped.reply.text).toContain('kill switch on sender "Billing"');
    console.log(`sender kill switch enforced on the open connection ${stopped.ms.toFixed(0)} ms after the change`);
    // other senders are not affected
    expect(await mailCode(alerts, "noreply@alerts.example")).toBe(250);

    release();
    const resumed = await untilCode(billing, "invoices@billing.example", 250);
    expect(resumed.ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect((await billing.send({ from: "invoices@billing.example", to: "b@example.net" })).code).toBe(250);
    await billing.quit();
    await alerts.quit();
  });

  it("the global switch stops every sender within 1 s; release → accepted again", async () => {
    const billing = await openSession(h.fixture.creds.billing);
    const alerts = await openSession(h.fixture.creds.alerts);
    h.cp.update((s) => s.killSwitches.push(killSwitch("global", null)));
    const stopped = await untilCode(billing, "invoices@billing.example", 550);
    expect(stopped.ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect(stopped.reply.text).toContain("kill switch on all mail");
    expect(await mailCode(alerts, "noreply@alerts.example")).toBe(550);
    release();
    expect((await untilCode(billing, "invoices@billing.example", 250)).ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect(await mailCode(alerts, "noreply@alerts.example")).toBe(250);
    await billing.quit();
    await alerts.quit();
  });

  it("a domain switch stops mail from that domain only; release → accepted again", async () => {
    const billing = await openSession(h.fixture.creds.billing);
    const alerts = await openSession(h.fixture.creds.alerts);
    h.cp.update((s) => s.killSwitches.push(killSwitch("domain", "billing.example")));
    const stopped = await untilCode(billing, "invoices@billing.example", 550);
    expect(stopped.ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect(stopped.reply.text).toContain("kill switch on domain billing.example");
    expect(await mailCode(alerts, "noreply@alerts.example")).toBe(250);
    release();
    expect((await untilCode(billing, "invoices@billing.example", 250)).ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    await billing.quit();
    await alerts.quit();
  });

  it("a credential switch stops that credential within 1 s", async () => {
    const billing = await openSession(h.fixture.creds.billing);
    h.cp.update((s) => s.killSwitches.push(killSwitch("credential", h.fixture.creds.billing.id)));
    const stopped = await untilCode(billing, "invoices@billing.example", 550);
    expect(stopped.ms).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    expect(stopped.reply.text).toContain(`kill switch on credential ${h.fixture.creds.billing.username}`);
    release();
    await untilCode(billing, "invoices@billing.example", 250);
    await billing.quit();
  });

  it("a switch engaged while a message is being transferred rejects it at the end of DATA", async () => {
    const billing = await openSession(h.fixture.creds.billing);
    expect((await billing.command("MAIL FROM:<invoices@billing.example>")).code).toBe(250);
    expect((await billing.command("RCPT TO:<c@example.net>")).code).toBe(250);
    expect((await billing.command("DATA")).code).toBe(354);
    const version = h.cp.update((s) => s.killSwitches.push(killSwitch("sender", h.fixture.ids.billing)));
    await h.waitForPolicy(version);
    const end = await billing.command(
      ["From: invoices@billing.example", "Subject: late", "", "body", "."].join("\r\n"),
    );
    expect([end.code, end.enhanced]).toEqual([550, "5.7.1"]);
    release();
    await billing.quit();
  });

  it("treats a switch past its expiresAt as released, without waiting for a new snapshot", async () => {
    const billing = await openSession(h.fixture.creds.billing);
    const soon = new Date(Date.now() + 1500).toISOString();
    const version = h.cp.update((s) => {
      s.killSwitches = [
        killSwitch("sender", h.fixture.ids.billing, soon),
        killSwitch("global", null, new Date(Date.now() - 1000).toISOString()),
      ];
    });
    await h.waitForPolicy(version);
    expect(await mailCode(billing, "invoices@billing.example")).toBe(550);
    await untilCode(billing, "invoices@billing.example", 250);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(soon));
    expect(h.cp.version).toBe(version);
    release();
    await billing.quit();
  });

  it("reported each kill-switch rejection as an event with reason kill_switch", () => {
    const events = h.cp.eventsOfType("rejected").filter((e) => e.reason === "kill_switch");
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(events.every((e) => e.smtpCode === 550 && e.enhancedCode === "5.7.1")).toBe(true);
    expect(h.cp.invalidEvents).toEqual([]);
  });
});
