import { Badge } from "@/components/ui/badge";
import type { SenderStatus } from "@/db/schema/senders";
import { SENDER_STATUS_LABELS, SENDER_STATUS_TONES } from "@/lib/senders/labels";

export function SenderStatusBadge({ status }: { status: SenderStatus }) {
  return (
    <Badge tone={SENDER_STATUS_TONES[status]} className="whitespace-nowrap">
      <span data-testid="sender-status">{SENDER_STATUS_LABELS[status]}</span>
    </Badge>
  );
}

export function NeedsReviewBadge() {
  return (
    <Badge tone="amber" className="whitespace-nowrap">
      <span data-testid="needs-review">Needs review</span>
    </Badge>
  );
}

export function PendingChangeBadge() {
  return (
    <Badge tone="blue" className="whitespace-nowrap">
      <span data-testid="pending-change">Change awaiting approval</span>
    </Badge>
  );
}
