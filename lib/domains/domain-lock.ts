import { eq } from "drizzle-orm";
import { type Executor, getDb, type Tx } from "@/db/client";
import { type DkimKey, dkimKeys, type SendingDomain, sendingDomains } from "@/db/schema";
import { AppError } from "@/lib/errors";

function noSuchDomain(): AppError {
  return new AppError("not_found", "No such sending domain", { domainId: ["No such sending domain"] });
}

export async function findDomainOrThrow(domainId: string, db: Executor = getDb()): Promise<SendingDomain> {
  const [domain] = await db.select().from(sendingDomains).where(eq(sendingDomains.id, domainId));
  if (!domain) throw noSuchDomain();
  return domain;
}

// Every key change locks its domain row first: key changes of one domain take turns, so there is
// never more than one active key, and locks are always taken in the order domain → keys.
export async function lockDomain(tx: Tx, domainId: string): Promise<SendingDomain> {
  const [domain] = await tx.select().from(sendingDomains).where(eq(sendingDomains.id, domainId)).for("update");
  if (!domain) throw noSuchDomain();
  return domain;
}

export function assertDomainActive(domain: SendingDomain): void {
  if (domain.status !== "active")
    throw new AppError("conflict", `${domain.displayName} is retired: its keys can no longer change`);
}

export async function keysOfDomain(tx: Executor, domainId: string): Promise<DkimKey[]> {
  return tx.select().from(dkimKeys).where(eq(dkimKeys.domainId, domainId));
}
