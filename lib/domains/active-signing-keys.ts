import { and, asc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { dkimKeys, sendingDomains } from "@/db/schema";
import type { DkimAlgorithm } from "@/lib/validations/domains";
import { openPrivateKey } from "./dkim-private-key";

export interface ActiveSigningKey {
  domainId: string;
  // ASCII (punycode) form: the DKIM d= value.
  domain: string;
  keyId: string;
  selector: string;
  algorithm: DkimAlgorithm;
  bits: number | null;
  publicKey: string;
  // Decrypted PKCS#8 PEM, for the relay snapshot only: never log it, never send it to a browser.
  privateKeyPem: string;
}

// The key each active domain signs with, for the relay policy snapshot. Pass the snapshot's
// transaction as db to read it consistently with the policy version. A key that does not open
// (altered row, different SWITCHYARD_SECRET) throws, so no snapshot is served without it and
// relays keep their last good one. open: false leaves privateKeyPem empty (nothing decrypted).
export async function activeSigningKeys(
  db: Executor = getDb(),
  { open = true }: { open?: boolean } = {},
): Promise<ActiveSigningKey[]> {
  const rows = await db
    .select({ domain: sendingDomains.domain, key: dkimKeys })
    .from(dkimKeys)
    .innerJoin(sendingDomains, eq(sendingDomains.id, dkimKeys.domainId))
    .where(and(eq(dkimKeys.status, "active"), eq(sendingDomains.status, "active")))
    .orderBy(asc(sendingDomains.domain));
  return rows.map(({ domain, key }) => {
    let privateKeyPem = "";
    if (open)
      try {
        privateKeyPem = openPrivateKey(key);
      } catch (error) {
        throw new Error(`DKIM key ${key.selector} of ${domain} cannot be decrypted: ${(error as Error).message}`, {
          cause: error,
        });
      }
    return {
      domainId: key.domainId,
      domain,
      keyId: key.id,
      selector: key.selector,
      algorithm: key.algorithm,
      bits: key.bits,
      publicKey: key.publicKey,
      privateKeyPem,
    };
  });
}
