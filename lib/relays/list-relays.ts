import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relays } from "@/db/schema";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { type HeldKeyView, listRelayHoldings } from "./list-relay-holdings";
import { type RelayView, toRelayView } from "./relay-view";

export type RelayWithKeys = RelayView & { dkimKeysHeld: HeldKeyView[] };

export async function listRelays(): Promise<{ relays: RelayWithKeys[]; currentVersion: number }> {
  const db = getDb();
  const [rows, currentVersion, holdings] = await Promise.all([
    db.select().from(relays).orderBy(asc(relays.name)),
    currentPolicyVersion(db),
    listRelayHoldings(db),
  ]);
  return {
    relays: rows.map((r) => ({ ...toRelayView(r, currentVersion), dkimKeysHeld: holdings.get(r.id) ?? [] })),
    currentVersion,
  };
}
