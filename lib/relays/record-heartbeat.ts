import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relayPolicyApplications, relays } from "@/db/schema";
import type { Heartbeat } from "@/lib/relay-contract/schemas";
import { alertScannerChanges } from "./scanner-alerts";

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
}): Promise<{ receivedAt: string }> {
  const now = new Date();
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
      })
      .where(eq(relays.id, relayId));
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
  return { receivedAt: now.toISOString() };
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
