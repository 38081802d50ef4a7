import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killSwitch } from "./support/policy-fixture";
import { type Harness, startHarness, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// After a control-plane outage the relay must be back on the current policy within a second of
// the control plane's return (issue 16, item 7): a kill switch engaged right after recovery is
// enforced within ~1 s, although the production backoff (15 s) is in force. Likewise the events
// spooled meanwhile: shipping resumes within ~1 s although the events' backoff (30 s) has grown.

const OUTAGE_MS = 9_000;
const RECOVERY_LIMIT_MS = 1_500;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ pollMaxBackoffSeconds: 15, eventsMaxBackoffSeconds: 30 });
});

afterAll(async () => {
  await h?.stop();
});

// The port of a control plane that is down: every connection is cut.
async function downFor(ms: number): Promise<void> {
  await h.cp.stop();
  const down = net.createServer((socket) => socket.once("data", () => socket.destroy()));
  await new Promise<void>((resolve) => down.listen(h.cp.port, "127.0.0.1", resolve));
  await new Promise((r) => setTimeout(r, ms));
  await new Promise<void>((resolve) => down.close(() => resolve()));
}

describe("control plane recovery", () => {
  it("events spooled during an outage reach the control plane within ~1 s of its return", async () => {
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
    const accepted = () => h.cp.eventsOfType("accepted").length;
    const before = accepted();
    // The message's accepted event is spooled as the outage begins; while it lasts the sender's
    // tries (0.5, 1, 2, 4 s apart, ±20 %) all fail, and the next one would be 8 s after the last.
    const outage = downFor(10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect((await session.send({ from: "invoices@billing.example", to: "during-outage@example.net" })).code).toBe(250);
    await outage;
    await h.cp.start();
    const back = performance.now();
    await waitFor(() => accepted() > before, "the spooled event shipped", 20_000, 20);
    const ms = performance.now() - back;
    console.log(`spooled events shipped ${Math.round(ms)} ms after the control plane returned`);
    expect(ms).toBeLessThan(RECOVERY_LIMIT_MS);
    await session.quit();
  });

  it("a kill switch engaged just after the control plane returns reaches the relay within ~1 s", async () => {
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
    const from = "invoices@billing.example";
    const mailCode = async () => {
      const reply = await session.command(`MAIL FROM:<${from}>`);
      if (reply.code === 250) await session.command("RSET");
      return reply.code;
    };
    expect(await mailCode()).toBe(250);

    // Long enough for an exponential backoff to have grown to several seconds. Meanwhile the
    // port cuts every connection (a control plane that is down) and counts the relay's probes.
    await h.cp.stop();
    let probes = 0;
    const down = net.createServer((socket) => {
      socket.once("data", (head: Buffer) => {
        if (head.toString("latin1").startsWith("GET /api/relay/v1/policy")) probes++;
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => down.listen(h.cp.port, "127.0.0.1", resolve));
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await new Promise<void>((resolve) => down.close(() => resolve()));
    // Every 0.5–0.75 s: often enough to notice the return within a second, and no more.
    expect(probes).toBeGreaterThanOrEqual(OUTAGE_MS / 1000);
    expect(probes).toBeLessThanOrEqual(OUTAGE_MS / 500 + 1);
    await h.cp.start();
    h.cp.update((s) => s.killSwitches.push(killSwitch("sender", h.fixture.ids.billing)));
    const engaged = performance.now();
    await waitFor(async () => (await mailCode()) === 550, "the kill switch enforced", 20_000, 20);
    const ms = performance.now() - engaged;
    console.log(`kill switch enforced ${Math.round(ms)} ms after the control plane returned`);
    expect(ms).toBeLessThan(RECOVERY_LIMIT_MS);
    await session.quit();
  });
});
