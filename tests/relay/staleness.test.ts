import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRelay } from "../../relay/launch";
import { type Harness, seedCertificate, startHarness, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Mail the relay cannot judge is refused with a temporary error (the sender retries, nothing is
// lost): no snapshot yet → 421 4.3.5 at connect; a snapshot older than the maximum staleness →
// 451 4.3.5 at MAIL on open connections and 421 on new ones.

const MAX_STALENESS_S = 3;
const POLL_WAIT_S = 1;
const MAIL_RETRY_MS = 100;
const FROM = "MAIL FROM:<invoices@billing.example>";

// Issues MAIL FROM on the open connection until the answer's code is `code` (a 250 is RSET).
function untilMailCode(session: SmtpSession, code: number, what: string, timeoutMs: number) {
  return waitFor(
    async () => {
      const reply = await session.command(FROM);
      if (reply.code === 250) await session.command("RSET");
      return reply.code === code && reply;
    },
    what,
    timeoutMs,
    MAIL_RETRY_MS,
  );
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxStalenessSeconds: MAX_STALENESS_S, pollWaitSeconds: POLL_WAIT_S });
});

afterAll(async () => {
  await h?.stop();
});

describe("stale or missing policy", () => {
  it("answers 421 4.3.5 to a connection while it has no snapshot at all", async () => {
    const stateDir = path.join(h.dir, "relay-without-policy");
    await seedCertificate(stateDir);
    const relay = await startRelay({
      ...h.relayOptions,
      name: "no-policy",
      token: "syrelay_not-a-valid-token",
      stateDir,
    });
    try {
      const { session, greeting } = await SmtpSession.connect("127.0.0.1", relay.port);
      expect([greeting.code, greeting.enhanced]).toEqual([421, "4.3.5"]);
      await session.quit();
      expect(fs.existsSync(path.join(stateDir, "policy.json"))).toBe(false);
    } finally {
      await relay.stop();
    }
  });

  it("works from its last policy up to the maximum staleness, then refuses with 451/421 4.3.5 until the control plane is back", async () => {
    const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect((await session.login(h.fixture.creds.billing.username, h.fixture.creds.billing.secret)).code).toBe(235);
    await h.cp.stop();
    const stoppedAt = Date.now();

    const fresh = await session.command(FROM);
    expect(fresh.code).toBe(250);
    await session.command("RSET");

    // Served up to the maximum staleness, counted from the last answer (at most one long-poll
    // before the stop), then refused.
    const stale = await untilMailCode(session, 451, "the stale-policy refusal", MAX_STALENESS_S * 1000 + 5000);
    expect(Date.now() - stoppedAt).toBeGreaterThan((MAX_STALENESS_S - POLL_WAIT_S) * 1000 - 500);
    expect([stale.code, stale.enhanced]).toEqual([451, "4.3.5"]);
    const { session: late, greeting } = await SmtpSession.connect("127.0.0.1", h.relay.port);
    expect([greeting.code, greeting.enhanced]).toEqual([421, "4.3.5"]);
    await late.quit();

    await h.cp.start();
    await untilMailCode(session, 250, "mail accepted again", 5000);
    await session.quit();
    await waitFor(
      () => h.cp.eventsOfType("rejected").filter((e) => e.reason === "stale_policy").length >= 2,
      "stale_policy events",
    );
  });
});
