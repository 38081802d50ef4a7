// The stack misuse detection is measured on: the real control plane's relay API over a fresh
// database (real-control-plane.ts), a real Haraka relay with our plugin, and a sink, on loopback.
// Shared by tests/relay/misuse-detection.test.ts and bench/misuse-detection.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { contentProfiles, relays } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { applyRollups } from "@/lib/events/rollup";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { DAY_MS, HOUR_MS } from "@/lib/misuse/baseline";
import { setMisuseReaction } from "@/lib/misuse/misuse-reactions";
import { bumpPolicyVersion, currentPolicyVersion } from "@/lib/policy/policy-version";
import { registerRelay } from "@/lib/relays/register-relay";
import { type RunningRelay, startRelay } from "../../../relay/launch";
import { type RunningSink, startSink } from "../../../relay/sink/sink-server";
import { makeActor } from "../../support/actors";
import { makeActiveSender, makeDomain } from "../../support/registry-fixtures";
import { type RealControlPlane, startRealControlPlane } from "./real-control-plane";
import { seedCertificate, waitFor } from "./relay-harness";
import { SmtpSession } from "./smtp-session";

export interface MisuseStack {
  admin: Actor;
  relay: RunningRelay;
  relayHasCurrentPolicy(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMisuseStack(settings: Record<string, string | number> = {}): Promise<MisuseStack> {
  const cp: RealControlPlane = await startRealControlPlane();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-misuse-"));
  const sink: RunningSink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink") });
  const admin = await makeActor("admin");
  // No content scanners run here (clamd, rspamd): this is about volume and AUTH, not content.
  await getDb().transaction(async (tx) => {
    await tx.update(contentProfiles).set({ virusScan: false, spamScan: false });
    await bumpPolicyVersion(tx, admin, "misuse stack: no content scanners");
  });
  const registered = await registerRelay({ actor: admin, input: { name: "misuse-relay" } });
  const stateDir = path.join(dir, "relay");
  await seedCertificate(stateDir);
  const relay = await startRelay({
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
    settings,
  });
  return {
    admin,
    relay,
    async relayHasCurrentPolicy() {
      const version = await currentPolicyVersion();
      await waitFor(
        async () => {
          const [row] = await getDb().select().from(relays).where(eq(relays.id, registered.relay.id));
          return (row?.policyVersion ?? 0) >= version;
        },
        `relay to apply policy version ${version}`,
        20_000,
        50,
      );
    },
    async stop() {
      await relay.stop();
      await sink.close();
      await cp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SpikeResult {
  senderId: string;
  accepted: number;
  refusal: { code: number; text: string };
  engagedBy: string;
  reason: string;
  // Milliseconds from the spike's first message: the message that crossed the threshold was
  // accepted, the kill switch was engaged, the relay refused the sender.
  crossedMs: number;
  engagedMs: number;
  refusedMs: number;
}

// A new sender (auto-suspend on volume spikes) with a week of history at usualPerHour, then a
// burst of `burst` messages over `connections` connections, sent as fast as the relay takes them
// until it refuses one; if the burst ends first, single probes follow until it is refused.
export async function spikeOnce(
  stack: MisuseStack,
  {
    name,
    burst = 200,
    connections = 4,
    usualPerHour = 10,
  }: { name: string; burst?: number; connections?: number; usualPerHour?: number },
): Promise<SpikeResult> {
  const domain = await makeDomain(stack.admin);
  const sender = await makeActiveSender(stack.admin, domain.id, {
    name,
    rateLimitPerMinute: 100_000,
    rateLimitPerDay: 1_000_000,
  });
  const { credential, secret } = await issueCredential({
    actor: stack.admin,
    input: { senderId: sender.id, expiresInDays: 90 },
  });
  await setMisuseReaction({
    actor: stack.admin,
    input: { senderId: sender.id, rule: "volume_spike", reaction: "suspend" },
  });
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
      count: usualPerHour,
    });
  }
  await applyRollups(getDb(), history);
  await stack.relayHasCurrentPolicy();

  const from = `mail@${domain.domain}`;
  const accepted: number[] = [];
  const refused: { at: number; code: number; text: string }[] = [];
  let sent = 0;
  const startedAtMs = Date.now();
  const spikeStart = performance.now();
  const record = (reply: { code: number; text: string }) => {
    if (reply.code === 250) accepted.push(performance.now());
    else refused.push({ at: performance.now(), code: reply.code, text: reply.text });
  };
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const { session } = await SmtpSession.connect("127.0.0.1", stack.relay.port);
      const auth = await session.login(credential.username, secret);
      if (auth.code !== 235) throw new Error(`AUTH answered ${auth.code} ${auth.text}`);
      while (sent < burst && refused.length === 0) {
        sent++;
        record(await session.send({ from, to: `customer${c}-${sent}@example.net` }));
      }
      await session.quit();
    }),
  );
  let probes = 0;
  while (refused.length === 0 && performance.now() - spikeStart < 30_000) {
    const { session } = await SmtpSession.connect("127.0.0.1", stack.relay.port);
    await session.login(credential.username, secret);
    record(await session.send({ from, to: `probe${++probes}@example.net` }));
    await session.quit();
    if (refused.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  if (refused.length === 0) throw new Error("the relay never refused the sender");
  const engaged = await engagedKillSwitchFor("sender", sender.id);
  if (!engaged) throw new Error(`refused without a kill switch: ${refused[0].code} ${refused[0].text}`);
  // The threshold (5 × usual, floor 50) is crossed by this accepted message.
  const threshold = Math.max(usualPerHour * 5 + 1, 50);
  return {
    senderId: sender.id,
    accepted: accepted.length,
    refusal: { code: refused[0].code, text: refused[0].text },
    engagedBy: engaged.engagedByLabel,
    reason: engaged.reason,
    crossedMs: accepted[threshold - 1] - spikeStart,
    engagedMs: engaged.engagedAt.getTime() - startedAtMs,
    refusedMs: refused[0].at - spikeStart,
  };
}
