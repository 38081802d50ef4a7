// Misuse detection end to end: the real Haraka relay with our plugin, the real control plane's
// relay API over a real database (events ingested, rollups, detector, kill switch, snapshot), and
// a sink. A sender with a learned baseline of 10 messages an hour bursts 200 messages: the
// detector engages its kill switch and the relay refuses it. The latency is measured and printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, contentProfiles, relays } from "@/db/schema";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { applyRollups } from "@/lib/events/rollup";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { DAY_MS, HOUR_MS } from "@/lib/misuse/baseline";
import { setMisuseReaction } from "@/lib/misuse/misuse-reactions";
import { bumpPolicyVersion, currentPolicyVersion } from "@/lib/policy/policy-version";
import { registerRelay } from "@/lib/relays/register-relay";
import { type RunningRelay, startRelay } from "../../relay/launch";
import { type RunningSink, startSink } from "../../relay/sink/sink-server";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { type RealControlPlane, startRealControlPlane } from "./support/real-control-plane";
import { seedCertificate, waitFor } from "./support/relay-harness";
import { SmtpSession } from "./support/smtp-session";

// Stated bound: from the message that crossed the threshold to the engaged switch, and from the
// engaged switch to the relay refusing the sender (events are shipped every 0.5 s; the policy
// reaches the relay by long-poll).
const DETECTION_LIMIT_MS = 5000;
const ENFORCEMENT_LIMIT_MS = 2000;
const BURST = 200;
const CONNECTIONS = 4;
const USUAL_PER_HOUR = 10;
const REFUSAL_WINDOW_S = 3;

let cp: RealControlPlane;
let sink: RunningSink;
let relay: RunningRelay;
let dir: string;
let relayId: string;

beforeAll(async () => {
  cp = await startRealControlPlane();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-misuse-"));
  sink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink") });
  const admin = await makeActor("admin");
  // No content scanners run here (clamd, rspamd): this test is about volume, not content.
  await getDb().transaction(async (tx) => {
    await tx.update(contentProfiles).set({ virusScan: false, spamScan: false });
    await bumpPolicyVersion(tx, admin, "relay test: no content scanners");
  });
  const registered = await registerRelay({ actor: admin, input: { name: "misuse-relay" } });
  relayId = registered.relay.id;
  const stateDir = path.join(dir, "relay");
  await seedCertificate(stateDir);
  relay = await startRelay({
    name: "misuse-relay",
    controlUrl: cp.url,
    token: registered.token,
    listenHost: "127.0.0.1",
    listenPort: 0,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir,
    maxStalenessSeconds: 3600,
    pollMaxBackoffSeconds: 0.5,
    eventsMaxBackoffSeconds: 0.5,
    heartbeatIntervalSeconds: 1,
    tempFailIntervals: "5s",
    logLevel: "info",
    // Unauthenticated refusals are aggregated per client IP and window (60 s by default): a
    // shorter window here, so the AUTH burst test need not wait a minute for the aggregates.
    settings: { refusal_window_s: REFUSAL_WINDOW_S },
  });
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await sink?.close();
  await cp?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function relayHasVersion(version: number) {
  await waitFor(
    async () => {
      const [row] = await getDb().select().from(relays).where(eq(relays.id, relayId));
      return (row?.policyVersion ?? 0) >= version;
    },
    `relay to apply policy version ${version}`,
    20_000,
    50,
  );
}

describe("misuse detection through the real relay", () => {
  it("a 200-message burst after a baseline of 10/h engages the sender kill switch; the relay then refuses the sender", async () => {
    const admin = await makeActor("admin");
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id, {
      name: "Invoices",
      rateLimitPerMinute: 100_000,
      rateLimitPerDay: 1_000_000,
    });
    const { credential, secret } = await issueCredential({
      actor: admin,
      input: { senderId: sender.id, expiresInDays: 90 },
    });
    await setMisuseReaction({
      actor: admin,
      input: { senderId: sender.id, rule: "volume_spike", reaction: "suspend" },
    });
    // A week of history at 10 messages an hour, as the rollups keep it.
    const h = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    const history = [];
    for (let t = h - 7 * DAY_MS; t < h - HOUR_MS; t += HOUR_MS) {
      history.push({
        atMs: t,
        type: "accepted" as const,
        senderId: sender.id,
        reason: null,
        fromAddress: null,
        recipientDomain: null,
        count: USUAL_PER_HOUR,
      });
    }
    await applyRollups(getDb(), history);
    await relayHasVersion(await currentPolicyVersion());

    const from = `invoices@${domain.domain}`;
    const accepted: number[] = [];
    const refused: { at: number; code: number; text: string }[] = [];
    let sent = 0;
    const spikeStart = performance.now();
    const startedAtMs = Date.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        const { session } = await SmtpSession.connect("127.0.0.1", relay.port);
        expect((await session.login(credential.username, secret)).code).toBe(235);
        while (sent < BURST && refused.length === 0) {
          sent++;
          const reply = await session.send({ from, to: `customer${c}-${sent}@example.net` });
          if (reply.code === 250) accepted.push(performance.now());
          else refused.push({ at: performance.now(), code: reply.code, text: reply.text });
        }
        await session.quit();
      }),
    );
    // The burst may end before the switch is engaged: then the sender's next message shows it.
    let probes = 0;
    while (refused.length === 0 && performance.now() - spikeStart < 30_000) {
      const { session } = await SmtpSession.connect("127.0.0.1", relay.port);
      await session.login(credential.username, secret);
      const reply = await session.send({ from, to: `probe${++probes}@example.net` });
      if (reply.code === 250) accepted.push(performance.now());
      else refused.push({ at: performance.now(), code: reply.code, text: reply.text });
      await session.quit();
      if (refused.length === 0) await new Promise((r) => setTimeout(r, 50));
    }

    const engaged = await engagedKillSwitchFor("sender", sender.id);
    expect(engaged?.engagedByLabel).toBe("system (detector)");
    expect(engaged?.reason).toMatch(
      /^Auto-suspended by misuse detection: Invoices: \d+ messages in the last hour, usual 10\/h/,
    );
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, sender.id));
    expect(alert.kind).toBe("misuse");
    expect(alert.severity).toBe("critical");

    // The threshold (5 × 10/h, floor 50) is crossed by the 51st accepted message.
    const crossed = accepted[USUAL_PER_HOUR * 5];
    const engagedMs = (engaged as { engagedAt: Date }).engagedAt.getTime() - startedAtMs;
    const crossedMs = crossed - spikeStart;
    const refusedMs = refused[0].at - spikeStart;
    expect(refused[0].code).toBe(550);
    expect(refused[0].text).toContain('kill switch on sender "Invoices"');
    expect(engagedMs - crossedMs).toBeLessThan(DETECTION_LIMIT_MS);
    expect(refusedMs - engagedMs).toBeLessThan(ENFORCEMENT_LIMIT_MS);
    console.log(
      `[misuse] burst of ${BURST} over ${CONNECTIONS} connections: ${accepted.length} accepted before the stop; ` +
        `threshold crossed at ${crossedMs.toFixed(0)} ms, kill switch engaged at ${engagedMs} ms ` +
        `(${(engagedMs - crossedMs).toFixed(0)} ms after the crossing), relay refused the sender at ` +
        `${refusedMs.toFixed(0)} ms (${(refusedMs - engagedMs).toFixed(0)} ms after the engagement)`,
    );
  });

  it("failed AUTH for one username from several addresses (past the per-address throttle) suspend the credential", async () => {
    const admin = await makeActor("admin");
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id, { name: "Statements" });
    const { credential, secret } = await issueCredential({
      actor: admin,
      input: { senderId: sender.id, expiresInDays: 90 },
    });
    await setMisuseReaction({
      actor: admin,
      input: { senderId: sender.id, rule: "auth_failures", reaction: "suspend" },
    });
    await relayHasVersion(await currentPolicyVersion());
    // Five addresses, five wrong secrets each: the relay's throttle allows 5 per address in 5 min,
    // so only a spread-out attack reaches 20 for one username.
    const start = Date.now();
    const failures: number[] = [];
    for (let a = 2; a <= 6; a++) {
      for (let i = 0; i < 5; i++) {
        const { session } = await SmtpSession.connect("127.0.0.1", relay.port, `127.0.0.${a}`);
        expect((await session.login(credential.username, `wrong-${a}-${i}`)).code).toBe(535);
        failures.push(Date.now());
        await session.quit();
      }
    }
    const attackMs = Date.now() - start;
    const engaged = await waitFor(
      () => engagedKillSwitchFor("credential", credential.id),
      "the credential kill switch",
      (REFUSAL_WINDOW_S + 10) * 1000,
      50,
    );
    const engagedMs = engaged.engagedAt.getTime() - start;
    // From the 20th failure (the threshold) to the engaged switch.
    const afterThresholdMs = engaged.engagedAt.getTime() - failures[19];
    expect(afterThresholdMs).toBeLessThan((REFUSAL_WINDOW_S + 1) * 1000 + DETECTION_LIMIT_MS);
    expect(engaged.engagedByLabel).toBe("system (detector)");
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, sender.id));
    expect(alert.title).toMatch(
      new RegExp(`^Statements: 2[05] failed AUTH attempts for username ${credential.username} in 5 min`),
    );
    // The right secret still authenticates, but the credential's mail is refused.
    const { session } = await SmtpSession.connect("127.0.0.1", relay.port, "127.0.0.9");
    expect((await session.login(credential.username, secret)).code).toBe(235);
    const reply = await waitFor(
      async () => {
        const r = await session.command(`MAIL FROM:<statements@${domain.domain}>`);
        if (r.code === 250) await session.command("RSET");
        return r.code === 550 ? r : null;
      },
      "the relay to refuse the credential",
      ENFORCEMENT_LIMIT_MS + 3000,
      50,
    );
    expect(reply.text).toContain(`kill switch on credential ${credential.username}`);
    await session.quit();
    console.log(
      `[misuse] 25 failed AUTH from 5 addresses in ${attackMs} ms: credential kill switch engaged ${engagedMs} ms after the ` +
        `first, ${afterThresholdMs} ms after the 20th (refusal aggregation window ${REFUSAL_WINDOW_S} s here, 60 s by default)`,
    );
  });
});
