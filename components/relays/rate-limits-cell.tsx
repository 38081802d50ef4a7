import type { RelayRateLimitState } from "@/db/schema";
import { describeRateLimits, type RateLimitTone } from "@/lib/relays/rate-limit-status";
import { cn } from "@/lib/utils/cn";

const TONE_CLASSES: Record<RateLimitTone, string> = {
  ok: "",
  neutral: "text-slate-500",
  warn: "font-medium text-amber-700 dark:text-amber-400",
};

// How the relay counts sender limits, as its last heartbeat reported it: shared across relays in
// Redis, alone (no Redis), or its share of each limit while Redis is unreachable (a warning).
export function RateLimitsCell({
  relayName,
  rateLimits,
  stale,
}: {
  relayName: string;
  rateLimits: RelayRateLimitState | null;
  stale: boolean;
}) {
  const line = describeRateLimits(rateLimits);
  return (
    <div
      className={cn("max-w-xs text-xs", stale ? "text-slate-400 dark:text-slate-500" : TONE_CLASSES[line.tone])}
      data-testid={`relay-rate-limits-${relayName}`}
      data-mode={rateLimits?.mode ?? ""}
      data-stale={stale ? "true" : undefined}
    >
      {line.tone === "warn" ? "⚠ " : null}
      {line.text}
    </div>
  );
}
