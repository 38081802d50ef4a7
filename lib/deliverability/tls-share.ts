import type { TlsCounts } from "./query-stats";

// Share (0-1) of a domain's deliveries that went out over TLS, of those whose TLS the relay
// reported; null when none was reported (older relays, or nothing delivered).
export const tlsShareOf = (tls: TlsCounts): number | null => (tls.known ? tls.over / tls.known : null);

// Whether setting tls.requiredDomains covers a recipient domain: itself or a parent domain listed,
// the same rule the relay enforces (relay/plugin/lib/tls-enforcement.js domainRequiresTls).
export function requiresTls(required: ReadonlySet<string>, domain: string): boolean {
  let d = domain.toLowerCase().replace(/\.$/, "");
  for (;;) {
    if (required.has(d)) return true;
    const dot = d.indexOf(".");
    if (dot === -1) return false;
    d = d.slice(dot + 1);
  }
}
