import { asc, notInArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders, sendingDomains } from "@/db/schema";

export interface DeliverabilityFilterOptions {
  senders: { id: string; name: string; status: string }[];
  // value: the ASCII domain the rollups record; label: how it is shown (Unicode).
  sendingDomains: { domain: string; label: string }[];
}

// The choices of the Deliverability page's sender and sending-domain selects: every sender that
// could have sent mail (not merely requested or rejected) and every sending domain.
export async function deliverabilityFilterOptions(db: Executor = getDb()): Promise<DeliverabilityFilterOptions> {
  const [senderRows, domainRows] = await Promise.all([
    db
      .select({ id: senders.id, name: senders.name, status: senders.status })
      .from(senders)
      .where(notInArray(senders.status, ["requested", "rejected"]))
      .orderBy(asc(senders.name)),
    db
      .select({ domain: sendingDomains.domain, label: sendingDomains.displayName })
      .from(sendingDomains)
      .orderBy(asc(sendingDomains.domain)),
  ]);
  return { senders: senderRows, sendingDomains: domainRows };
}
