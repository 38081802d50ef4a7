// npm run bench:shared-limits [-- --relays 4 --limit 600 --offered 2000 --seconds 40 --clients 8 --rcpts 4000]
// Shared limit accuracy (issue 16): N real Haraka relays with the switchyard plugin counting one
// sender's limit in Redis; `offered` one-recipient messages spread evenly over `seconds` (< 60, so
// all within one minute) by `clients` SMTP sessions across the relays → accepted (goal ≤ limit +
// 1 %). The same with the relays counting alone (no Redis), side by side. Then the cost of the
// Redis limiter per RCPT, against the local limiter, alternating: (1) RCPT round trips on two real
// relays, one per backend; (2) the limiter call itself in this process (the plugin's own module).
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Redis from "ioredis";
import { generateToken } from "../lib/server/secrets/token-format";
import { type RunningRelay, startRelay } from "../relay/launch";
import { startSink } from "../relay/sink/sink-server";
import { FakeControlPlane } from "../tests/relay/support/fake-control-plane";
import { makeFixture } from "../tests/relay/support/policy-fixture";
import { REDIS_URL, removeRedisKeys, testRedisPrefix } from "../tests/relay/support/redis-scratch";
import { seedCertificate } from "../tests/relay/support/relay-harness";
import { SmtpSession } from "../tests/relay/support/smtp-session";
import { loadAverage, percentile } from "./support/bench-common";
import { waitUntil } from "./support/relay-bench";

const { values } = parseArgs({
  options: {
    relays: { type: "string" },
    limit: { type: "string" },
    offered: { type: "string" },
    seconds: { type: "string" },
    clients: { type: "string" },
    rcpts: { type: "string" },
    calls: { type: "string" },
    only: { type: "string" },
  },
});
// --only accuracy | latency: one part alone.
const ONLY = values.only ?? "";
const RELAYS = Number(values.relays ?? 4);
const LIMIT = Number(values.limit ?? 600);
const OFFERED = Number(values.offered ?? 2000);
const OFFER_SECONDS = Number(values.seconds ?? 40);
const CLIENTS = Number(values.clients ?? 8);
const RCPTS = Number(values.rcpts ?? 4000);
const LIMITER_CALLS = Number(values.calls ?? 20_000);
const RCPTS_PER_MESSAGE = 20;
if (OFFER_SECONDS >= 60) throw new Error("--seconds must be under 60: the offer must fit in one minute");

const require = createRequire(import.meta.url);
const { RateLimits } = require("../relay/plugin/lib/rate-limits.js");
const { countersOf, WINDOWS } = require("../relay/plugin/lib/redis-rate-limiter.js");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-limits-"));
let delivered = 0;
const sink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink"), onMessage: () => delivered++ });
const fixture = makeFixture();
const billing = fixture.snapshot.senders.find((s) => s.slug === "billing")!;
Object.assign(billing, { rateLimitPerMinute: LIMIT, rateLimitPerDay: 1_000_000 });
const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: fixture.snapshot, validate: false });
await cp.start();
cp.liveRelays = RELAYS;
const prefixes: string[] = [];

async function fleet(
  label: string,
  count: number,
  redis: boolean,
  prefix = testRedisPrefix(),
): Promise<RunningRelay[]> {
  prefixes.push(prefix);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const stateDir = path.join(dir, `${label}-${i}`);
      await seedCertificate(stateDir);
      const beats = cp.heartbeats.length;
      const relay = await startRelay({
        name: `${label}-${i}`,
        controlUrl: cp.url,
        token: cp.token,
        listenPort: 0,
        smarthost: `127.0.0.1:${sink.port}`,
        stateDir,
        logLevel: "warn",
        heartbeatIntervalSeconds: 1,
        ...(redis ? { redisUrl: REDIS_URL, redisPrefix: prefix } : {}),
      });
      await waitUntil(() => cp.heartbeats.slice(beats).some((h) => h.listen?.endsWith(`:${relay.port}`)));
      return relay;
    }),
  );
}

async function session(relay: RunningRelay): Promise<SmtpSession> {
  const { session } = await SmtpSession.connect("127.0.0.1", relay.port);
  const auth = await session.login(fixture.creds.billing.username, fixture.creds.billing.secret);
  if (auth.code !== 235) throw new Error(`AUTH failed: ${auth.code} ${auth.text}`);
  return session;
}

// One recipient; accepted when the whole message is. A RCPT refused after MAIL passed (another relay
// took the last unit meanwhile) is reset.
async function offerOne(s: SmtpSession, i: number): Promise<boolean> {
  const mail = await s.command("MAIL FROM:<invoices@billing.example>");
  if (mail.code !== 250) return false;
  const rcpt = await s.command(`RCPT TO:<customer${i}@example.net>`);
  if (rcpt.code !== 250) {
    await s.command("RSET");
    return false;
  }
  await s.command("DATA");
  const data = await s.command(
    [`From: invoices@billing.example`, `To: customer${i}@example.net`, `Subject: offer ${i}`, "", "x", "."].join(
      "\r\n",
    ),
  );
  return data.code === 250;
}

// `OFFERED` messages, message i due at i × (seconds ÷ offered) after the start, by CLIENTS sessions
// spread over the relays.
async function offer(relays: RunningRelay[]): Promise<{ accepted: number; spanMs: number }> {
  const sessions = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => session(relays[c % relays.length])));
  const gapMs = (OFFER_SECONDS * 1000) / OFFERED;
  const started = performance.now();
  let next = 0;
  let accepted = 0;
  await Promise.all(
    sessions.map(async (s) => {
      while (next < OFFERED) {
        const i = next++;
        const wait = started + i * gapMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (await offerOne(s, i)) accepted++;
      }
      await s.quit();
    }),
  );
  return { accepted, spanMs: performance.now() - started };
}

async function accuracy(label: string, redis: boolean) {
  const relays = await fleet(label, RELAYS, redis);
  try {
    const before = delivered;
    const { accepted, spanMs } = await offer(relays);
    await waitUntil(() => delivered - before >= accepted, 60_000);
    const modes = relays.map(
      (r) => cp.heartbeats.filter((h) => h.listen?.endsWith(`:${r.port}`)).at(-1)?.rateLimits?.mode,
    );
    console.log(
      `${label.padEnd(7)} ${RELAYS} relays, limit ${LIMIT}/min: ${OFFERED} offered in ${(spanMs / 1000).toFixed(1)} s → ` +
        `${accepted} accepted (${((accepted / LIMIT) * 100).toFixed(1)} % of the limit), ${delivered - before} delivered; ` +
        `modes ${[...new Set(modes)].join(",")}  load ${loadAverage(1)}`,
    );
    return accepted;
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
  }
}

// A preload for the relays of the latency part (NODE_OPTIONS --require, inherited by Haraka only):
// times the plugin's own limiter call per RCPT (RateLimits.decide, counting calls) and writes the
// samples to BENCH_LIMITER_TIMES on SIGUSR2. The plugin's code is not changed for the bench.
const LIMITER_TIMING_PRELOAD = `
const fs = require('node:fs')
const { RateLimits } = require(${JSON.stringify(path.resolve(import.meta.dirname, "../relay/plugin/lib/rate-limits.js"))})
const samples = []
const decide = RateLimits.prototype.decide
RateLimits.prototype.decide = async function (sender, now, count) {
  const started = process.hrtime.bigint()
  try { return await decide.call(this, sender, now, count) }
  finally { if (count) samples.push(Number(process.hrtime.bigint() - started) / 1e6) }
}
process.on('SIGUSR2', () => fs.writeFileSync(process.env.BENCH_LIMITER_TIMES, JSON.stringify(samples)))
`;

async function limiterTimesOf(relay: RunningRelay, file: string): Promise<number[]> {
  process.kill(relay.pid, "SIGUSR2");
  await waitUntil(() => fs.existsSync(file), 10_000);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

// The sender's window hashes as a sender busy for a day leaves them (a count in every bucket), so the
// script's work per call is that of the steady state, not of an empty window.
async function fillWindows(prefix: string, senderId: string) {
  const redis = new Redis(REDIS_URL);
  try {
    const [secs] = await redis.time();
    const nowMs = Number(secs) * 1000;
    const sender = { id: senderId, rateLimitPerMinute: 1, rateLimitPerDay: 1 };
    for (const c of countersOf(prefix, sender) as { key: string; window: "minute" | "day" }[]) {
      const { bucketMs, span } = WINDOWS[c.window];
      const current = Math.floor(nowMs / bucketMs);
      const fields = Array.from({ length: span + 1 }, (_, i) => [String(current - i), "1"]).flat();
      await redis.hset(c.key, ...fields);
    }
  } finally {
    redis.disconnect();
  }
}

// RCPT round trips, one relay per backend, alternating message by message (MAIL, 20 RCPTs, RSET).
async function rcptLatency() {
  Object.assign(billing, { rateLimitPerMinute: 100_000_000, rateLimitPerDay: 1_000_000_000 });
  const version = cp.update((s) => {
    const b = s.senders.find((x) => x.slug === "billing")!;
    Object.assign(b, { rateLimitPerMinute: 100_000_000, rateLimitPerDay: 1_000_000_000 });
  });
  const prefix = testRedisPrefix();
  await fillWindows(prefix, billing.id);
  const preload = path.join(dir, "limiter-timing-preload.cjs");
  fs.writeFileSync(preload, LIMITER_TIMING_PRELOAD);
  const nodeOptions = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${nodeOptions ?? ""} --require ${preload}`.trim();
  const timesFile = (label: string) => path.join(dir, `limiter-times-${label}.json`);
  process.env.BENCH_LIMITER_TIMES = timesFile("redis");
  const [shared] = await fleet("rtt-redis", 1, true, prefix);
  process.env.BENCH_LIMITER_TIMES = timesFile("local");
  const [local] = await fleet("rtt-local", 1, false);
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
  try {
    await waitUntil(() => cp.heartbeats.filter((h) => h.policyVersion === version).length >= 2);
    const backends = [
      { label: "redis", session: await session(shared), samples: [] as number[] },
      { label: "local", session: await session(local), samples: [] as number[] },
    ];
    for (let m = 0; m * RCPTS_PER_MESSAGE < RCPTS + 200; m++) {
      for (const b of backends) {
        await b.session.command("MAIL FROM:<invoices@billing.example>");
        for (let r = 0; r < RCPTS_PER_MESSAGE; r++) {
          const t = performance.now();
          const reply = await b.session.command(`RCPT TO:<r${m}-${r}@example.net>`);
          if (reply.code !== 250) throw new Error(`RCPT ${reply.code} ${reply.text}`);
          // the first 200 are warm-up
          if (m * RCPTS_PER_MESSAGE >= 200) b.samples.push(performance.now() - t);
        }
        await b.session.command("RSET");
      }
    }
    for (const b of backends) await b.session.quit();
    const roundTrips = summarize(backends);
    // The same RCPTs, timed inside each relay: the limiter call alone (warm-up left out).
    console.log("Added latency per RCPT, the limiter call timed inside each relay's plugin (same RCPTs):");
    const skip = (xs: number[]) => xs.slice(200);
    const inPlugin = summarize([
      { label: "redis", samples: skip(await limiterTimesOf(shared, timesFile("redis"))) },
      { label: "local", samples: skip(await limiterTimesOf(local, timesFile("local"))) },
    ]);
    return { roundTrips, inPlugin };
  } finally {
    await Promise.all([shared.stop(), local.stop()]);
  }
}

// The limiter call alone, in this process: the plugin's RateLimits with Redis and without, alternating.
async function limiterCallLatency() {
  const quiet = { debug() {}, info() {}, notice() {}, warn() {}, error() {} };
  const prefix = testRedisPrefix();
  prefixes.push(prefix);
  await fillWindows(prefix, billing.id);
  const make = (redisUrl: string) =>
    new RateLimits({
      settings: { redisUrl, redisPrefix: prefix, redisTimeoutMs: 100, stateDir: fs.mkdtempSync(path.join(dir, "rl-")) },
      log: quiet,
    });
  const sender = { id: billing.id, name: "Billing", rateLimitPerMinute: 100_000_000, rateLimitPerDay: 1_000_000_000 };
  const backends = [
    { label: "redis", limits: make(REDIS_URL), samples: [] as number[] },
    { label: "local", limits: make(""), samples: [] as number[] },
  ];
  for (let i = 0; i < LIMITER_CALLS + 1000; i++) {
    for (const b of backends) {
      const t = performance.now();
      const refused = await b.limits.tryConsume(sender);
      if (refused) throw new Error("refused");
      if (i >= 1000) b.samples.push(performance.now() - t);
    }
  }
  if (backends[0].limits.mode !== "shared") throw new Error(`Redis limiter ran in mode ${backends[0].limits.mode}`);
  for (const b of backends) b.limits.stop();
  return summarize(backends);
}

function summarize(backends: { label: string; samples: number[] }[]) {
  const out = backends.map((b) => {
    const sorted = [...b.samples].sort((x, y) => x - y);
    return { label: b.label, n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
  for (const r of out)
    console.log(`  ${r.label.padEnd(6)} n=${r.n}  p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms`);
  const [redis, local] = out;
  console.log(
    `  added by Redis: p50 ${(redis.p50 - local.p50).toFixed(3)} ms, p99 ${(redis.p99 - local.p99).toFixed(3)} ms  load ${loadAverage(1)}`,
  );
  return { redis, local };
}

try {
  if (ONLY !== "latency") {
    console.log(`Shared limit accuracy (load ${loadAverage(1)})`);
    const shared = await accuracy("shared", true);
    const local = await accuracy("local", false);
    console.log(
      `accepted: shared ${shared} vs local ${local} (goal ≤ ${Math.floor(LIMIT * 1.01)}: ${shared <= LIMIT * 1.01 ? "met" : "NOT met"})`,
    );
  }
  if (ONLY !== "accuracy") {
    console.log("Added latency per RCPT, RCPT round trips on two relays (alternating):");
    const { inPlugin } = await rcptLatency();
    console.log(
      `goal < 0.5 ms added at p99: ${inPlugin.redis.p99 - inPlugin.local.p99 < 0.5 ? "met" : "NOT met"} (limiter call in the plugin)`,
    );
    console.log("Added latency per RCPT, the limiter call in this process (alternating):");
    const call = await limiterCallLatency();
    console.log(
      `goal < 0.5 ms added at p99: ${call.redis.p99 - call.local.p99 < 0.5 ? "met" : "NOT met"} (limiter call)`,
    );
  }
} finally {
  await cp.stop();
  await sink.close();
  for (const prefix of prefixes) await removeRedisKeys(prefix);
  fs.rmSync(dir, { recursive: true, force: true });
}
