import { asc, eq, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { dkimKeys, type SendingDomain, sendingDomains } from "@/db/schema";
import { retireDueDkimKeys } from "./retire-dkim-key";

export interface DomainListItem {
  id: string;
  domain: string;
  displayName: string;
  status: SendingDomain["status"];
  activeSelector: string | null;
  keyCount: number;
  createdAt: Date;
}

export async function listDomains(): Promise<DomainListItem[]> {
  await retireDueDkimKeys();
  return getDb()
    .select({
      id: sendingDomains.id,
      domain: sendingDomains.domain,
      displayName: sendingDomains.displayName,
      status: sendingDomains.status,
      activeSelector: sql<string | null>`max(${dkimKeys.selector}) filter (where ${dkimKeys.status} = 'active')`,
      keyCount: sql<number>`count(${dkimKeys.id})::int`,
      createdAt: sendingDomains.createdAt,
    })
    .from(sendingDomains)
    .leftJoin(dkimKeys, eq(dkimKeys.domainId, sendingDomains.id))
    .groupBy(sendingDomains.id)
    .orderBy(asc(sendingDomains.domain));
}

export interface DomainOption {
  id: string;
  domain: string;
  displayName: string;
}

// Active domains, for pickers (a sender's allowed From domains).
export async function listDomainOptions(db: Executor = getDb()): Promise<DomainOption[]> {
  return db
    .select({ id: sendingDomains.id, domain: sendingDomains.domain, displayName: sendingDomains.displayName })
    .from(sendingDomains)
    .where(eq(sendingDomains.status, "active"))
    .orderBy(asc(sendingDomains.domain));
}
