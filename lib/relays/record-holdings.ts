import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relayDkimKeys } from "@/db/schema";

// Which DKIM private keys each relay was handed, so the Relays page shows them and revoking a
// relay can rotate exactly those. Written once per (relay, version) served per app instance, off
// the poll's critical path; a failed write is retried at the relay's next full snapshot.
const MAX_REMEMBERED_RELAYS = 10_000;
const store = globalThis as typeof globalThis & { __switchyardHoldingsRecorded?: Map<string, number> };

export async function recordHoldings({
  relayId,
  dkimKeyIds,
  at = new Date(),
}: {
  relayId: string;
  dkimKeyIds: readonly string[];
  at?: Date;
}): Promise<void> {
  if (!dkimKeyIds.length) return;
  await getDb()
    .insert(relayDkimKeys)
    .values(dkimKeyIds.map((dkimKeyId) => ({ relayId, dkimKeyId, firstServedAt: at, lastServedAt: at })))
    .onConflictDoUpdate({
      target: [relayDkimKeys.relayId, relayDkimKeys.dkimKeyId],
      set: { lastServedAt: sql`excluded.last_served_at` },
    });
}

// Called for every full snapshot (200) served: a no-op unless this relay gets a version this
// instance has not recorded for it yet. Resolves when written (the poll does not wait); never throws.
export function noteSnapshotServed({
  relayId,
  version,
  dkimKeyIds,
}: {
  relayId: string;
  version: number;
  dkimKeyIds: readonly string[];
}): Promise<void> {
  store.__switchyardHoldingsRecorded ??= new Map();
  const recorded = store.__switchyardHoldingsRecorded;
  if (recorded.get(relayId) === version) return Promise.resolve();
  if (recorded.size >= MAX_REMEMBERED_RELAYS) recorded.clear();
  recorded.set(relayId, version);
  return recordHoldings({ relayId, dkimKeyIds }).catch((error) => {
    if (recorded.get(relayId) === version) recorded.delete(relayId);
    console.error(`[relays] could not record the DKIM keys served to relay ${relayId}:`, (error as Error).message);
  });
}
