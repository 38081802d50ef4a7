import { and, count, eq, gt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relayPolicyApplications, relays } from "@/db/schema";
import type { Heartbeat } from "@/lib/relay-contract/schemas";
import { alertScannerChanges } from "./scanner-alerts";

// A relay that sent a heartbeat this recently counts as live: the share of each limit a relay
// takes while its shared counters (Redis) are unreachable is limit ÷ live relays.
export const LIVE_RELAY_WITHIN_MS = 90_000;

// A relay's heartbeat, parsed by the route (the relay contract's schema); the relay id comes from its token.
// The previous scanner states are read (locked) in the same transaction, so a scanner going down
// raises its alert exactly once, and coming back resolves it.
export async function recordHeartbeat({
  relayId,
  ip,
  input: beat,
}: {
  relayId: string;
  ip: string | null;
  input: Heartbeat;
}): Promise<{ receivedAt: string; liveRelays: number }> {
  const now = new Date();
  let liveRelays = 1;
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ name: relays.name, scanners: relays.scanners })
      .from(relays)
      .where(eq(relays.id, relayId))
      .for("update");
    if (!before) return;
    await tx
      .update(relays)
      .set({
        lastHeartbeatAt: now,
        lastSeenIp: ip,
        softwareVersion: beat.softwareVersion,
        policyVersion: beat.policyVersion,
        policyAppliedAt: beat.policyAppliedAt ? new Date(beat.policyAppliedAt) : null,
        queueDepth: beat.queueDepth,
        spoolDepth: beat.spoolDepth,
        listen: beat.listen ?? null,
        // Replaced on every beat: a warning disappears once the relay stops reporting it.
        warnings: beat.warnings,
        scanners: beat.scanners,
        // Kept as last reported when an older relay does not say.
        ...(beat.rateLimits ? { rateLimits: beat.rateLimits } : {}),
      })
      .where(eq(relays.id, relayId));
    // Answered to the relay rather than put in the policy: it changes with every relay that starts
    // or stops, and must not bump the policy version.
    const [live] = await tx
      .select({ n: count() })
      .from(relays)
      .where(
        and(eq(relays.status, "active"), gt(relays.lastHeartbeatAt, new Date(now.getTime() - LIVE_RELAY_WITHIN_MS))),
      );
    liveRelays = Math.max(1, live?.n ?? 1);
    // The first beat that reports a version records when this relay applied it (policy history).
    if (beat.policyVersion)
      await tx
        .insert(relayPolicyApplications)
        .values({
          relayId,
          version: beat.policyVersion,
          appliedAt: beat.policyAppliedAt ? new Date(beat.policyAppliedAt) : now,
        })
        .onConflictDoNothing();
    await alertScannerChanges({ id: relayId, name: before.name }, before.scanners ?? [], beat.scanners, tx);
  });
  return { receivedAt: now.toISOString(), liveRelays };
}

// Polls say which version a relay was handed; written at most every few seconds per relay.
const POLL_RECORD_INTERVAL_MS = 5_000;
const lastRecorded = new Map<string, number>();

export async function recordPoll(relayId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastRecorded.get(relayId) ?? 0) < POLL_RECORD_INTERVAL_MS) return;
  lastRecorded.set(relayId, now);
  await getDb()
    .update(relays)
    .set({ lastPollAt: new Date(now) })
    .where(eq(relays.id, relayId));
}
