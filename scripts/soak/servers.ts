import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import Redis from "ioredis";
import pg from "pg";

// The machine's PostgreSQL and Redis, as the soak stops and starts them (it runs as root on a
// test host; these servers are shared, so the soak always leaves them running).
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REDIS_PORT = "6379";
export const REDIS_URL = `redis://127.0.0.1:${REDIS_PORT}`;
// How the machine's Redis runs (nothing kept on disk), to start it again the same way.
const REDIS_START = ["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", REDIS_PORT, "--save", ""].concat([
  "--appendonly",
  "no",
  "--dir",
  "/var/lib/redis",
  "--logfile",
  "/var/log/redis/ci.log",
]);
const BACK_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const POLL_MS = 250;

export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} not so after ${timeoutMs / 1000} s`);
    await sleep(POLL_MS);
  }
}

const redisUp = async () =>
  (await run("redis-cli", ["-p", REDIS_PORT, "ping"]).catch(() => ({ stdout: "" }))).stdout.trim() === "PONG";

export async function stopRedisServer(): Promise<void> {
  await run("redis-cli", ["-p", REDIS_PORT, "shutdown", "nosave"]).catch(() => undefined);
  await until(async () => !(await redisUp()), STOP_TIMEOUT_MS, "Redis stopped");
}

export async function startRedisServer(): Promise<void> {
  if (await redisUp()) return;
  await run("redis-server", REDIS_START);
  await until(redisUp, BACK_TIMEOUT_MS, "Redis answering");
}

// The keys the soak's relays and replicas left under their prefix (their counters expire anyway).
export async function dropRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let dropped = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) dropped += await redis.unlink(...keys);
    }
    return dropped;
  } finally {
    redis.disconnect();
  }
}

// pg_ctlcluster restart of the one cluster this machine runs; resolves once it takes connections.
export async function restartPostgresServer(databaseUrl: string): Promise<string> {
  const [version] = fs.readdirSync("/etc/postgresql");
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"]);
  await until(
    async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.end();
      return true;
    },
    BACK_TIMEOUT_MS,
    "PostgreSQL accepting connections",
  );
  return version;
}
