import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningRelay, startRelay } from "../../relay/launch";
import type { TestCredential } from "./support/policy-fixture";
import { REDIS_TARGET, REDIS_URL, removeRedisKeys, testRedisPrefix } from "./support/redis-scratch";
import { awayFromMinuteEdge, type Harness, seedCertificate, startHarness, waitFor } from "./support/relay-harness";
import { TcpProxy } from "./support/tcp-proxy";

// Two real Haraka relays share one sender limit through Redis (issue 16): relay A reaches Redis
// through a proxy the test can cut, relay B directly. Cut, A falls back to its share of each limit
// (limit ÷ live relays, the count the control plane answers its heartbeat with) and says so in its
// heartbeat; back, it counts in Redis again.

let h: Harness;
let b: RunningRelay;
let proxy: TcpProxy;
const prefix = testRedisPrefix();

beforeAll(async () => {
  proxy = await new TcpProxy(REDIS_TARGET).start();
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${proxy.port}`, redisPrefix: prefix });
  h.cp.liveRelays = 2;
  const stateDir = path.join(h.dir, "relay-b");
  await seedCertificate(stateDir);
  b = await startRelay({ ...h.relayOptions, name: "test-relay-b", stateDir, redisUrl: REDIS_URL, redisPrefix: prefix });
});

afterAll(async () => {
  await b?.stop();
  await h?.stop();
  await proxy?.stop();
  await removeRedisKeys(prefix);
});

const recipients = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}@example.net`);

function transport(relay: RunningRelay, credential: TestCredential): nodemailer.Transporter {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: relay.port,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: credential.username, pass: credential.secret },
  });
}

// Sends one message; the recipients accepted (a refused MAIL FROM: none).
async function send(relay: RunningRelay, credential: TestCredential, from: string, to: string[]) {
  const t = transport(relay, credential);
  try {
    const info = await t.sendMail({ from, to, subject: "limits", text: "x" });
    return { accepted: info.accepted as string[], refusal: null as string | null };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string };
    if (!e.responseCode) throw err;
    return { accepted: [] as string[], refusal: e.response ?? String(e.responseCode) };
  } finally {
    t.close();
  }
}

// The last heartbeat's rate-limit report from the relay listening on `port`.
const lastReport = (port: number) =>
  h.cp.heartbeats.filter((beat) => beat.listen?.endsWith(`:${port}`)).at(-1)?.rateLimits;

// Both relays enforce this policy version (each said so in a heartbeat).
const waitForBoth = (version: number) =>
  waitFor(
    () =>
      [h.relay.port, b.port].every((port) =>
        h.cp.heartbeats.some((beat) => beat.listen?.endsWith(`:${port}`) && beat.policyVersion === version),
      ),
    `both relays to apply policy version ${version}`,
  );

describe("shared limits across two relays", () => {
  it("one sender's 10/minute is 10 across both relays, and both report shared counting", async () => {
    const version = h.cp.update((s) => {
      const limited = s.senders.find((x) => x.slug === "limited")!;
      limited.rateLimitPerMinute = 10;
      limited.rateLimitPerDay = 1000;
    });
    await waitForBoth(version);
    const cred = h.fixture.creds.limited;
    const first = await send(h.relay, cred, "bot@limited.example", recipients(8, "a"));
    expect(first.accepted).toHaveLength(8);
    // B knows A's 8: 2 more, the other 3 refused per recipient with the usual message.
    const t = transport(b, cred);
    const info = await t.sendMail({ from: "bot@limited.example", to: recipients(5, "b"), subject: "x", text: "x" });
    t.close();
    expect(info.accepted).toEqual(recipients(2, "b"));
    const rejected = (info as unknown as { rejectedErrors: { response: string }[] }).rejectedErrors;
    expect(rejected.map((e) => e.response)).toEqual(
      Array(3).fill('451 4.7.1 Rate limit of 10 recipients per minute reached for sender "Limited", try again later'),
    );
    // Used up for both: refused at MAIL FROM on A too.
    const late = await send(h.relay, cred, "bot@limited.example", ["late@example.net"]);
    expect(late.refusal).toMatch(/^451 4\.7\.1 Rate limit of 10 recipients per minute/);
    await waitFor(() => lastReport(h.relay.port)?.mode === "shared", "A to report shared");
    expect(lastReport(b.port)).toEqual({ mode: "shared", divisor: 1, detail: null });
  });

  it("falls back to limit ÷ live relays while Redis is unreachable, reports it, and shares again once back", async () => {
    const version = h.cp.update((s) => {
      const billing = s.senders.find((x) => x.slug === "billing")!;
      billing.rateLimitPerMinute = 10;
    });
    await waitForBoth(version);
    // The fallback counts per UTC minute (the local counters): not across the minute's edge.
    await awayFromMinuteEdge(20_000);
    await proxy.stop();
    const report = await waitFor(() => {
      const r = lastReport(h.relay.port);
      return r?.mode === "fallback" ? r : null;
    }, "A to report fallback");
    expect(report.divisor).toBe(2);
    expect(report.detail).toMatch(/^Redis unreachable since \d{4}-\d{2}-\d{2}T/);
    // ceil(10 ÷ 2) = 5 on A alone; B (Redis reachable) still counts shared.
    const cred = h.fixture.creds.billing;
    const onA = await send(h.relay, cred, "news@billing.example", recipients(7, "fa"));
    expect(onA.accepted).toHaveLength(5);
    expect(lastReport(b.port)?.mode).toBe("shared");
    const onB = await send(b, cred, "news@billing.example", recipients(12, "fb"));
    expect(onB).toMatchObject({ refusal: null });
    expect(onB.accepted).toHaveLength(10);

    await proxy.start();
    await waitFor(() => lastReport(h.relay.port)?.mode === "shared", "A to report shared again", 15_000);
    // Shared again: B's 10 are in Redis, so A has none left either.
    const after = await send(h.relay, cred, "news@billing.example", ["after@example.net"]);
    expect(after.refusal).toMatch(/^451 4\.7\.1 Rate limit of 10 recipients per minute reached for sender "Billing"/);
  });
});
