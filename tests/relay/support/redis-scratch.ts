import { randomUUID } from "node:crypto";
import Redis from "ioredis";

// The machine's Redis, shared with other test runs: each test keys under a prefix of its own and
// removes its keys afterwards.
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const REDIS_TARGET = (() => {
  const url = new URL(REDIS_URL);
  return { host: url.hostname, port: Number(url.port || 6379) };
})();

export function testRedisPrefix(): string {
  return `switchyard-test:${randomUUID()}:`;
}

export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
