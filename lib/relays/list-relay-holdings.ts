import { asc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { dkimKeys, relayDkimKeys, sendingDomains } from "@/db/schema";

export interface HeldKeyView {
  dkimKeyId: string;
  domain: string;
  selector: string;
  status: "active" | "published" | "retired";
  firstServedAt: Date;
  lastServedAt: Date;
}

// Every relay's DKIM key holdings, by relay id (one query for the whole Relays page).
export async function listRelayHoldings(db: Executor = getDb()): Promise<Map<string, HeldKeyView[]>> {
  const rows = await db
    .select({
      relayId: relayDkimKeys.relayId,
      dkimKeyId: relayDkimKeys.dkimKeyId,
      domain: sendingDomains.domain,
      selector: dkimKeys.selector,
      status: dkimKeys.status,
      firstServedAt: relayDkimKeys.firstServedAt,
      lastServedAt: relayDkimKeys.lastServedAt,
    })
    .from(relayDkimKeys)
    .innerJoin(dkimKeys, eq(dkimKeys.id, relayDkimKeys.dkimKeyId))
    .innerJoin(sendingDomains, eq(sendingDomains.id, dkimKeys.domainId))
    .orderBy(asc(sendingDomains.domain), asc(relayDkimKeys.firstServedAt));
  const byRelay = new Map<string, HeldKeyView[]>();
  for (const { relayId, ...key } of rows) {
    const list = byRelay.get(relayId) ?? [];
    list.push(key);
    byRelay.set(relayId, list);
  }
  return byRelay;
}
