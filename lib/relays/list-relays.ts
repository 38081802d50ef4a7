import { asc } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relays } from "@/db/schema";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { type RelayView, toRelayView } from "./relay-view";

export async function listRelays(): Promise<{ relays: RelayView[]; currentVersion: number }> {
  const db = getDb();
  const [rows, currentVersion] = await Promise.all([db.select().from(relays).orderBy(asc(relays.name)), currentPolicyVersion(db)]);
  return { relays: rows.map((r) => toRelayView(r, currentVersion)), currentVersion };
}
