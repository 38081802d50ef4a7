import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { SourceClass } from "@/lib/dmarc/classify-source";

const TONE: Record<SourceClass["kind"], BadgeTone> = {
  relay: "green",
  sender: "blue",
  provider: "amber",
  unknown: "red",
};
const KIND: Record<SourceClass["kind"], string> = {
  relay: "Our relay",
  sender: "Registered sender",
  provider: "Known provider, not registered",
  unknown: "Unknown",
};
const VIA: Record<NonNullable<SourceClass["via"]>, string> = {
  egress: "a relay egress address",
  "sender-cidrs": "the sender's allowed networks",
  range: "the provider's published network",
  "auth-domain": "the domain that authenticated its mail",
  "reverse-dns": "its reverse-DNS name",
};

export function SourceClassBadge({ classification, testId }: { classification: SourceClass; testId?: string }) {
  const title = `${KIND[classification.kind]}${classification.via ? `, recognized by ${VIA[classification.via]}${classification.network ? ` (${classification.network})` : ""}` : ""}`;
  return (
    <span data-testid={testId} data-kind={classification.kind} title={title}>
      <Badge tone={TONE[classification.kind]}>
        {classification.kind === "unknown" ? "Unknown" : classification.label}
      </Badge>
      {classification.kind === "provider" ? (
        <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">not registered</span>
      ) : null}
    </span>
  );
}
