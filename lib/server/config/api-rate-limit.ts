import type { Env } from "./paths";

// Requests per minute each API caller (token or signed-in user) may make, across all replicas.
export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 600;

// SWITCHYARD_API_RATE_LIMIT: a positive whole number of requests per minute (default 600).
export function apiRateLimitPerMinute(env: Env = process.env): number {
  const raw = env.SWITCHYARD_API_RATE_LIMIT;
  if (!raw) return DEFAULT_API_RATE_LIMIT_PER_MINUTE;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`SWITCHYARD_API_RATE_LIMIT must be a positive whole number of requests per minute, not "${raw}"`);
  return limit;
}
