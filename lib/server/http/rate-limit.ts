import { lt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiRateLimits } from "@/db/schema";
import { apiRateLimitPerMinute } from "@/lib/server/config/api-rate-limit";

// Fixed-window request budget per API caller, shared by every replica: one atomic upsert per
// request in api_rate_limits (the row lock serialises concurrent requests of one caller; the
// database clock decides the window, so replicas with skewed clocks agree).
const WINDOW_S = 60;
const OLD_WINDOW_RETENTION_MS = 60 * 60 * 1000;

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export async function takeRateLimit(key: string, limit = apiRateLimitPerMinute()): Promise<RateLimitVerdict> {
  const window = sql.raw(`interval '${WINDOW_S} seconds'`);
  // In SET, w.* is the row before this request; in RETURNING, after it.
  // One statement, one round trip. It does not wait for the WAL flush (synchronous_commit off for
  // its own implicit transaction, set by the CTE the insert reads from): a crash may forget the
  // last moments' counts, which only gives those callers a few requests back — and the flush was
  // most of the cost (bench/api-rate-limit.ts).
  const result = await getDb().execute<{ count: number; reset_seconds: number }>(sql`
    with no_flush as (select set_config('synchronous_commit', 'off', true))
    insert into ${apiRateLimits} as w (key, window_started_at, count)
    select ${key}, now(), 1 from no_flush
    on conflict (key) do update set
      window_started_at = case when w.window_started_at <= now() - ${window} then now() else w.window_started_at end,
      count = case when w.window_started_at <= now() - ${window} then 1 else w.count + 1 end
    returning w.count,
      greatest(1, ceil(extract(epoch from (w.window_started_at + ${window} - now()))))::int as reset_seconds`);
  const count = Number(result.rows[0]?.count ?? 1);
  const resetSeconds = Number(result.rows[0]?.reset_seconds ?? WINDOW_S);
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

// Windows of callers who stopped calling: kept an hour, then deleted (background job).
export async function deleteOldRateLimitWindows(now = new Date()): Promise<{ windows: number }> {
  const before = new Date(now.getTime() - OLD_WINDOW_RETENTION_MS);
  const deleted = await getDb()
    .delete(apiRateLimits)
    .where(lt(apiRateLimits.windowStartedAt, before))
    .returning({ key: apiRateLimits.key });
  return { windows: deleted.length };
}

export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(verdict.limit),
    "X-RateLimit-Remaining": String(verdict.remaining),
    "X-RateLimit-Reset": String(verdict.resetSeconds),
  };
}
