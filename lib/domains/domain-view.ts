import type { DkimKey, SendingDomain } from "@/db/schema";

// What may leave the data layer about a DKIM key: never the (sealed) private key.
export type DkimKeyView = Omit<DkimKey, "privateKeyEncrypted">;
export type DomainView = SendingDomain;

export function toDkimKeyView({ privateKeyEncrypted: _sealed, ...view }: DkimKey): DkimKeyView {
  return view;
}

// The facts an audit entry records about a key (no key material).
export function keyAuditView(key: DkimKey | DkimKeyView) {
  return {
    domainId: key.domainId,
    selector: key.selector,
    algorithm: key.algorithm,
    bits: key.bits,
    status: key.status,
    retireAfter: key.retireAfter,
  };
}

export function domainAuditView(domain: SendingDomain) {
  return {
    domain: domain.domain,
    displayName: domain.displayName,
    status: domain.status,
    dmarcReportEmail: domain.dmarcReportEmail,
  };
}
