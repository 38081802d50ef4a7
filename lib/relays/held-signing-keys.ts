import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { dkimKeys, relayDkimKeys, sendingDomains } from "@/db/schema";

export interface HeldSigningKey {
  keyId: string;
  domainId: string;
  domain: string;
  selector: string;
  algorithm: "rsa" | "ed25519";
  bits: number | null;
}

// The keys a relay was handed that still sign mail (active key of an active domain), in domain
// id order: the order their domains are locked in, so concurrent rotations cannot deadlock.
export async function heldSigningKeys(db: Executor, relayId: string): Promise<HeldSigningKey[]> {
  return db
    .select({
      keyId: dkimKeys.id,
      domainId: dkimKeys.domainId,
      domain: sendingDomains.domain,
      selector: dkimKeys.selector,
      algorithm: dkimKeys.algorithm,
      bits: dkimKeys.bits,
    })
    .from(relayDkimKeys)
    .innerJoin(dkimKeys, eq(dkimKeys.id, relayDkimKeys.dkimKeyId))
    .innerJoin(sendingDomains, eq(sendingDomains.id, dkimKeys.domainId))
    .where(and(eq(relayDkimKeys.relayId, relayId), eq(dkimKeys.status, "active"), eq(sendingDomains.status, "active")))
    .orderBy(asc(dkimKeys.domainId));
}
