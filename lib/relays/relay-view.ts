import type { Relay } from "@/db/schema";

export type RelayHealth = "healthy" | "stale" | "offline" | "revoked";
export const HEALTHY_WITHIN_MS = 15_000;
export const STALE_WITHIN_MS = 60_000;

export type RelayView = Omit<Relay, "verifier"> & { health: RelayHealth; lag: number | null };

export function relayHealth(relay: Pick<Relay, "status" | "lastHeartbeatAt">, now = Date.now()): RelayHealth {
  if (relay.status === "revoked") return "revoked";
  if (!relay.lastHeartbeatAt) return "offline";
  const age = now - relay.lastHeartbeatAt.getTime();
  return age <= HEALTHY_WITHIN_MS ? "healthy" : age <= STALE_WITHIN_MS ? "stale" : "offline";
}

export function toRelayView(
  { verifier: _verifier, ...relay }: Relay,
  currentVersion: number,
  now = Date.now(),
): RelayView {
  return {
    ...relay,
    health: relayHealth(relay, now),
    lag: relay.policyVersion == null ? null : Math.max(0, currentVersion - relay.policyVersion),
  };
}
