import { inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders } from "@/db/schema";
import { ipInNetworks } from "@/lib/posture/ip-match";
import { getSetting } from "@/lib/settings/settings";
import { KNOWN_PROVIDERS, type KnownProvider, providerByHost } from "./known-providers";

export type SourceKind = "relay" | "sender" | "provider" | "unknown";

export interface SourceClass {
  kind: SourceKind;
  label: string;
  senderId?: string;
  providerId?: string;
  // Vendor catalog id to prefill a sender registration with.
  catalogVendor?: string | null;
  // The published network the address matched, when it matched one.
  network?: string;
  via?: "egress" | "sender-cidrs" | "range" | "auth-domain" | "reverse-dns";
}

export interface ClassifyContext {
  egress: readonly string[];
  senders: readonly { id: string; name: string; allowedCidrs: readonly string[] }[];
}

// Our relay (egress addresses), then a registered sender (active or suspended, by its CIDRs; a
// sender without CIDRs cannot be told apart by address), then a known provider, else unknown.
export async function loadClassifyContext(db: Executor = getDb()): Promise<ClassifyContext> {
  const [egress, rows] = await Promise.all([
    getSetting("relay.egressAddresses", db),
    db
      .select({ id: senders.id, name: senders.name, allowedCidrs: senders.allowedCidrs })
      .from(senders)
      .where(inArray(senders.status, ["active", "suspended"])),
  ]);
  return { egress, senders: rows.filter((s) => s.allowedCidrs.length > 0) };
}

function asProvider(provider: KnownProvider, via: SourceClass["via"], network?: string): SourceClass {
  return {
    kind: "provider",
    label: provider.name,
    providerId: provider.id,
    catalogVendor: provider.catalogVendor,
    via,
    ...(network ? { network } : {}),
  };
}

export function classifySource(
  ip: string,
  context: ClassifyContext,
  hints: { authDomains?: readonly string[]; reverseNames?: readonly string[] } = {},
): SourceClass {
  if (ipInNetworks(ip, context.egress)) return { kind: "relay", label: "Switchyard relay", via: "egress" };
  const sender = context.senders.find((s) => ipInNetworks(ip, s.allowedCidrs));
  if (sender) return { kind: "sender", label: sender.name, senderId: sender.id, via: "sender-cidrs" };
  // A domain that authenticated the mail (DKIM d= or SPF MAIL FROM, result pass) names the service.
  for (const domain of hints.authDomains ?? []) {
    const provider = providerByHost(domain);
    if (provider) return asProvider(provider, "auth-domain");
  }
  for (const provider of KNOWN_PROVIDERS) {
    const network = provider.ranges.find((range) => ipInNetworks(ip, [range]));
    if (network) return asProvider(provider, "range", network);
  }
  for (const name of hints.reverseNames ?? []) {
    const provider = providerByHost(name);
    if (provider) return asProvider(provider, "reverse-dns");
  }
  return { kind: "unknown", label: "Unknown" };
}
