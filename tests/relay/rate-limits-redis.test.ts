import { createRequire } from "node:module";
import net from "node:net";
import Redis from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REDIS_TARGET, REDIS_URL, removeRedisKeys, testRedisPrefix } from "./support/redis-scratch";
import { waitFor } from "./support/relay-harness";
import { quietLog, tempDirsRemovedAfterEach } from "./support/scratch";
import { closedPort, TcpProxy } from "./support/tcp-proxy";

// The plugin's rate limits against the real Redis: several RateLimits instances stand for several
// relays sharing one prefix. The plugin is CommonJS (what Haraka loads), so it is required.

const require = createRequire(import.meta.url);
const { RateLimits } = require("../../relay/plugin/lib/rate-limits.js");
const { countersOf, WINDOWS, SCRIPT } = require("../../relay/plugin/lib/redis-rate-limiter.js");

type Limits = InstanceType<typeof RateLimits>;
type Sender = { id: string; name: string; rateLimitPerMinute: number; rateLimitPerDay: number };

const tempDir = tempDirsRemovedAfterEach("switchyard-rate-limits-");
const prefixes: string[] = [];
const open: Limits[] = [];
const proxies: TcpProxy[] = [];

afterEach(async () => {
  for (const limits of open.splice(0)) limits.stop();
  for (const proxy of proxies.splice(0)) await proxy.stop();
});
afterAll(async () => {
  for (const prefix of prefixes) await removeRedisKeys(prefix);
});

function relays(n: number, { url = REDIS_URL, prefix = testRedisPrefix(), timeoutMs = 1000 } = {}): Limits[] {
  prefixes.push(prefix);
  return Array.from({ length: n }, () => {
    const limits = new RateLimits({
      settings: { redisUrl: url, redisPrefix: prefix, redisTimeoutMs: timeoutMs, stateDir: tempDir() },
      log: quietLog,
    });
    open.push(limits);
    return limits;
  });
}

const sender = (perMinute: number, perDay = 0): Sender => ({
  id: crypto.randomUUID(),
  name: "billing",
  rateLimitPerMinute: perMinute,
  rateLimitPerDay: perDay,
});

describe("shared rate limits in Redis", () => {
  it("holds one limit across relays: concurrent recipients on 4 relays accept exactly the limit", async () => {
    const fleet = relays(4);
    const s = sender(50);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => fleet[i % fleet.length].tryConsume(s)));
    expect(answers.filter((a) => a === null)).toHaveLength(50);
    expect(answers.find((a) => a !== null)).toEqual({ window: "minute", limit: 50 });
    for (const limits of fleet) expect(limits.state()).toEqual({ mode: "shared", divisor: 1, detail: null });
  });

  it("checks at MAIL FROM without counting, and refuses on the day window when that one is full", async () => {
    const [a, b] = relays(2);
    const s = sender(100, 3);
    for (let i = 0; i < 5; i++) expect(await a.check(s)).toBeNull();
    expect(await a.tryConsume(s)).toBeNull();
    expect(await b.tryConsume(s)).toBeNull();
    expect(await a.tryConsume(s)).toBeNull();
    expect(await b.check(s)).toEqual({ window: "day", limit: 3 });
    expect(await b.tryConsume(s)).toEqual({ window: "day", limit: 3 });
  });

  it("counts the last 60 s of one-second buckets and drops (deletes) only buckets wholly older", async () => {
    const [limits] = relays(1);
    const s = sender(10);
    const redis = new Redis(REDIS_URL);
    try {
      const [secs] = await redis.time();
      const current = Math.floor((Number(secs) * 1000) / WINDOWS.minute.bucketMs);
      const [minuteKey] = countersOf(limits.shared.prefix, s).map((c: { key: string }) => c.key);
      // 9 recipients 55 s ago still count; 100 recipients 70 s ago no longer do.
      await redis.hset(minuteKey, String(current - 55), 9, String(current - 70), 100);
      expect(await limits.tryConsume(s)).toBeNull();
      expect(await limits.tryConsume(s)).toEqual({ window: "minute", limit: 10 });
      expect(await redis.hexists(minuteKey, String(current - 70))).toBe(0);
      expect(Number(await redis.pttl(minuteKey))).toBeGreaterThan(60_000);
    } finally {
      redis.disconnect();
    }
  });

  it("uses no Redis key for a sender without limits", async () => {
    const [limits] = relays(1);
    const s = sender(0, 0);
    expect(countersOf("p:", s)).toEqual([]);
    for (let i = 0; i < 3; i++) expect(await limits.tryConsume(s)).toBeNull();
  });

  it("the script refuses on the first counter that would pass, counting none of them", async () => {
    const redis = new Redis(REDIS_URL);
    const prefix = testRedisPrefix();
    prefixes.push(prefix);
    try {
      const keys = [`${prefix}a`, `${prefix}b`];
      const args = [1, 1, 5, 1000, 60, 1, 1000, 60];
      expect(await redis.eval(SCRIPT, 2, ...keys, ...args)).toBe(0);
      expect(await redis.eval(SCRIPT, 2, ...keys, ...args)).toBe(2);
      const sum = async (key: string) =>
        (await redis.hvals(key)).reduce((total: number, v: string) => total + Number(v), 0);
      expect(await sum(keys[0])).toBe(1);
      expect(await sum(keys[1])).toBe(1);
    } finally {
      redis.disconnect();
    }
  });
});

describe("fallback when Redis is unreachable", () => {
  it("counts locally with each limit divided by the live relays, and says so", async () => {
    const [limits] = relays(1, { url: `redis://127.0.0.1:${await closedPort()}` });
    await waitFor(() => limits.mode === "fallback", "the relay to notice Redis is unreachable");
    limits.setLiveRelays(4);
    const s = sender(8);
    expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toBeNull();
    // ceil(8 ÷ 4) = 2; the refusal names the sender's own limit, as in shared mode.
    expect(await limits.tryConsume(s)).toEqual({ window: "minute", limit: 8 });
    const state = limits.state();
    expect(state).toMatchObject({ mode: "fallback", divisor: 4 });
    expect(state.detail).toMatch(/^Redis unreachable since \d{4}-\d{2}-\d{2}T.*ECONNREFUSED/);
  });

  it("keeps a fallback share over any 60 s, not afresh at the UTC minute's edge", async () => {
    const [limits] = relays(1, { url: `redis://127.0.0.1:${await closedPort()}` });
    await waitFor(() => limits.mode === "fallback", "the relay to notice Redis is unreachable");
    limits.setLiveRelays(2);
    const s = sender(4);
    const edge = Math.ceil(Date.now() / 60_000) * 60_000;
    expect(await limits.tryConsume(s, edge - 1000)).toBeNull();
    expect(await limits.tryConsume(s, edge - 1000)).toBeNull();
    expect(await limits.tryConsume(s, edge - 500)).toEqual({ window: "minute", limit: 4 });
    // A new UTC minute, but the two are still within the last 60 s.
    expect(await limits.tryConsume(s, edge + 1000)).toEqual({ window: "minute", limit: 4 });
    expect(await limits.tryConsume(s, edge + 59_001)).toBeNull();
  });

  it("goes back to shared counters when Redis answers again, keeping what it accepted meanwhile", async () => {
    const proxy = await new TcpProxy(REDIS_TARGET).start();
    proxies.push(proxy);
    const [limits] = relays(1, { url: `redis://127.0.0.1:${proxy.port}` });
    await waitFor(() => limits.shared.redis.status === "ready", "Redis to connect");
    const s = sender(6);
    expect(await limits.tryConsume(s)).toBeNull(); // shared: 1 of 6
    await proxy.stop();
    await waitFor(() => limits.mode === "fallback", "fallback after the outage");
    limits.setLiveRelays(2);
    // Local share ceil(6 ÷ 2) = 3, and this relay already accepted 1 (counted locally too).
    expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toEqual({ window: "minute", limit: 6 });
    await proxy.start();
    await waitFor(() => limits.mode === "shared", "shared again after Redis is back", 10_000);
    // Redis was given the 2 accepted meanwhile: 1 + 2 of 6, so 3 more fit in the shared window.
    for (let i = 0; i < 3; i++) expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toEqual({ window: "minute", limit: 6 });
  });

  it("gives a Redis that restarted empty what each relay accepted in the window, so the limit still holds", async () => {
    const prefix = testRedisPrefix();
    const [a, b] = relays(2, { prefix });
    const s = sender(10, 100);
    for (let i = 0; i < 3; i++) expect(await a.tryConsume(s)).toBeNull();
    for (let i = 0; i < 4; i++) expect(await b.tryConsume(s)).toBeNull();
    const before = await waitFor(() => a.epoch && b.epoch && a.epoch, "both relays to know the Redis epoch");
    // A restart without persistence: every key gone (the epoch too), every connection dropped.
    const admin = new Redis(REDIS_URL);
    try {
      await removeRedisKeys(prefix);
      for (const limits of [a, b]) await admin.client("KILL", "ID", String(await limits.shared.redis.client("ID")));
    } finally {
      admin.disconnect();
    }
    await waitFor(
      () => [a, b].every((l) => l.epoch !== null && l.epoch !== before && l.syncing === null && l.mode === "shared"),
      "both relays to reconnect to the emptied Redis and restore their part",
    );
    // 3 + 4 restored: 3 more fit, whichever relay asks.
    expect(await b.tryConsume(s)).toBeNull();
    expect(await a.tryConsume(s)).toBeNull();
    expect(await b.tryConsume(s)).toBeNull();
    expect(await a.tryConsume(s)).toEqual({ window: "minute", limit: 10 });
  });

  it("decides within the timeout when Redis accepts the connection but never answers", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    try {
      const { port } = silent.address() as net.AddressInfo;
      const [limits] = relays(1, { url: `redis://127.0.0.1:${port}`, timeoutMs: 100 });
      const s = sender(4);
      const started = performance.now();
      expect(await limits.tryConsume(s)).toBeNull();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(limits.state()).toMatchObject({ mode: "fallback", divisor: 1 });
      expect(limits.state().detail).toMatch(/within 100 ms/);
    } finally {
      silent.close();
    }
  });

  it("stays local without REDIS_URL", async () => {
    const [limits] = relays(1, { url: "" });
    expect(limits.state()).toMatchObject({ mode: "local", divisor: 1 });
    const s = sender(2);
    expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toBeNull();
    expect(await limits.tryConsume(s)).toEqual({ window: "minute", limit: 2 });
  });
});
