import type { Tx } from "@/db/client";
import { type DkimKey, dkimKeys, type SendingDomain } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { DkimKeyPair } from "./dkim-keypair";
import { sealPrivateKey } from "./dkim-private-key";
import { assertSelectorUsable, defaultSelector } from "./dkim-selector";
import { keysOfDomain } from "./domain-lock";

// Stores a generated key under its domain (already locked by the caller). Only the sealed
// private key reaches the database.
export async function insertDkimKey(
  tx: Tx,
  {
    domain,
    pair,
    selector,
    status,
    actor,
  }: { domain: SendingDomain; pair: DkimKeyPair; selector?: string; status: "active" | "published"; actor: Actor },
): Promise<DkimKey> {
  const taken = new Set((await keysOfDomain(tx, domain.id)).map((key) => key.selector));
  const chosen = selector ?? defaultSelector(new Date(), taken);
  assertSelectorUsable(chosen, domain.domain, taken);
  const [key] = await tx
    .insert(dkimKeys)
    .values({
      domainId: domain.id,
      selector: chosen,
      algorithm: pair.algorithm,
      bits: pair.bits,
      publicKey: pair.publicKey,
      privateKeyEncrypted: sealPrivateKey({ domainId: domain.id, selector: chosen, privateKeyPem: pair.privateKeyPem }),
      status,
      createdBy: actor.id,
    })
    .returning();
  return key;
}
