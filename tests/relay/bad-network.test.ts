import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killSwitch } from "./support/policy-fixture";
import { type Harness, startHarness, waitFor } from "./support/relay-harness";
import { quietLog } from "./support/scratch";
import { SmtpSession } from "./support/smtp-session";

// One network entry the relay cannot use must not freeze the fleet. Before: a snapshot holding
// "::ffff:1.2.3.4/120" (accepted by the control plane) made buildNetworkList throw, the relay
// refused every new snapshot and kept enforcing the old one — kill switches stopped propagating.
// Now the mapped network is read as 1.2.3.0/24, an entry it still cannot use is skipped (the
// sender is narrowed, never widened), reported in policyState.warnings and logged, and the rest
// of the snapshot applies.

const require = createRequire(import.meta.url);
const { PolicyState } = require("../../relay/plugin/lib/policy-state.js");

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function mailCode(credential: { username: string; secret: string }, from: string): Promise<number> {
  const { session } = await SmtpSession.connect("127.0.0.1", h.relay.port);
  expect((await session.login(credential.username, credential.secret)).code).toBe(235);
  const reply = await session.send({ from, to: "someone@example.net" });
  await session.quit();
  return reply.code;
}

describe("a bad network entry in the snapshot", () => {
  it("is skipped and reported; the snapshot applies, other senders relay, a kill switch still propagates", async () => {
    const { creds, ids } = h.fixture;
    const version = h.cp.update((s) => {
      // The issue's entry (now 1.2.3.0/24), one the relay cannot use, and the tests' own network.
      s.senders[0].cidrs = ["::ffff:1.2.3.4/120", "::ffff:1.2.3.4/80", "::ffff:127.0.0.1/120"];
      s.senders[1].credentials[0].cidrs = ["not-a-network"];
    });
    await h.waitForPolicy(version);
    expect(await mailCode(creds.billing, "invoices@billing.example")).toBe(250);
    // Its only network was skipped: the credential is allowed from nowhere, not from everywhere.
    expect(await mailCode(creds.alerts, "noreply@alerts.example")).toBe(550);
    expect(await mailCode(creds.limited, "x@limited.example")).toBe(250);
    const log = await waitFor(() => {
      const text = fs.readFileSync(h.relay.logFile, "utf8");
      return text.includes('network "::ffff:1.2.3.4/80" skipped') && text;
    }, "the warning in the relay log");
    expect(log).toContain(
      `policy version ${version}: sender billing: network "::ffff:1.2.3.4/80" skipped (IPv4-mapped network with a prefix shorter than /96)`,
    );
    expect(log).toMatch(
      /sender alerts credential alerts-\w+: network "not-a-network" skipped \(not an IPv4 or IPv6 address\)/,
    );
    // …and in the heartbeat, which the Relays page shows.
    const beat = await waitFor(
      () => h.cp.heartbeats.find((b) => b.policyVersion === version && b.warnings?.length),
      "a heartbeat with the warnings",
    );
    expect(beat.warnings).toContain(
      'sender billing: network "::ffff:1.2.3.4/80" skipped (IPv4-mapped network with a prefix shorter than /96)',
    );

    const stopped = h.cp.update((s) => s.killSwitches.push(killSwitch("sender", ids.billing)));
    await h.waitForPolicy(stopped);
    expect(await mailCode(creds.billing, "invoices@billing.example")).toBe(550);
  });

  it("sets policyState.warnings whenever a snapshot is applied (what the heartbeat sends)", () => {
    const state = new PolicyState({ stateDir: h.dir, maxStalenessMs: 60_000, log: quietLog });
    const snapshot = h.cp.current();
    snapshot.senders[0].cidrs = ["::ffff:1.2.3.4/80"];
    snapshot.senders[1].credentials[0].cidrs = [];
    state.apply(snapshot);
    expect(state.warnings).toEqual([
      'sender billing: network "::ffff:1.2.3.4/80" skipped (IPv4-mapped network with a prefix shorter than /96)',
    ]);
    snapshot.senders[0].cidrs = ["::ffff:1.2.3.4/120"];
    state.apply({ ...snapshot, version: snapshot.version + 1 });
    expect(state.warnings).toEqual([]);
  });
});
