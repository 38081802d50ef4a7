import type { DkimKey } from "@/db/schema";
import { DKIM_SEAL_PURPOSE, open, seal } from "@/lib/server/crypto/seal";

// The sealed private key is bound to its domain and selector: copied into another row, it does
// not open.
function contextOf(domainId: string, selector: string): string {
  return `dkim:${domainId}:${selector}`;
}

export function sealPrivateKey({
  domainId,
  selector,
  privateKeyPem,
}: {
  domainId: string;
  selector: string;
  privateKeyPem: string;
}): string {
  return seal(privateKeyPem, { purpose: DKIM_SEAL_PURPOSE, context: contextOf(domainId, selector) });
}

export function openPrivateKey(key: Pick<DkimKey, "domainId" | "selector" | "privateKeyEncrypted">): string {
  return open(key.privateKeyEncrypted, { purpose: DKIM_SEAL_PURPOSE, context: contextOf(key.domainId, key.selector) });
}
