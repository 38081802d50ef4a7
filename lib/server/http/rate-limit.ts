// Fixed-window request budget per API caller. Kept in process memory: with several replicas each
// enforces its own window (documented; a shared store can replace this map).
const API_RATE_LIMIT_PER_MINUTE = 600;
const WINDOW_MS = 60 * 1000;

interface Window {
  startedAt: number;
  count: number;
}

const windows = new Map<string, Window>();

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export function takeRateLimit(key: string, limit = API_RATE_LIMIT_PER_MINUTE, now = Date.now()): RateLimitVerdict {
  let window = windows.get(key);
  if (!window || now - window.startedAt >= WINDOW_MS) {
    window = { startedAt: now, count: 0 };
    windows.set(key, window);
    if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.startedAt >= WINDOW_MS) windows.delete(k);
  }
  window.count++;
  const resetSeconds = Math.ceil((window.startedAt + WINDOW_MS - now) / 1000);
  return { allowed: window.count <= limit, limit, remaining: Math.max(0, limit - window.count), resetSeconds };
}

export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(verdict.limit),
    "X-RateLimit-Remaining": String(verdict.remaining),
    "X-RateLimit-Reset": String(verdict.resetSeconds),
  };
}
