import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CredentialDisplayStatus } from "@/lib/credentials/credential-rules";

const LOOK: Record<CredentialDisplayStatus, { tone: BadgeTone; label: string }> = {
  active: { tone: "green", label: "active" },
  expiring_soon: { tone: "amber", label: "expiring soon" },
  expired: { tone: "neutral", label: "expired" },
  revoked: { tone: "red", label: "revoked" },
};

export function CredentialStatusBadge({ status }: { status: CredentialDisplayStatus }) {
  const { tone, label } = LOOK[status];
  return <Badge tone={tone}>{label}</Badge>;
}
