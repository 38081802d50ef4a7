import type { RelayRateLimitState } from "@/db/schema";

// Pure (no database): how the Relays page words a relay's rate-limit counting, every second.

export type RateLimitTone = "ok" | "neutral" | "warn";

export function describeRateLimits(state: RelayRateLimitState | null | undefined): {
  text: string;
  tone: RateLimitTone;
  detail: string | null;
} {
  if (!state) return { text: "not reported", tone: "neutral", detail: null };
  if (state.mode === "shared") return { text: "Shared (Redis)", tone: "ok", detail: state.detail };
  if (state.mode === "local") return { text: "Local (no Redis)", tone: "neutral", detail: state.detail };
  // The relay's detail already says since when and why ("Redis unreachable since …: …").
  const text = `Fallback: limit ÷ ${state.divisor}${state.detail ? ` — ${state.detail}` : ""}`;
  return { text, tone: "warn", detail: state.detail };
}
