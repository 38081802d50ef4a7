import { Badge } from "@/components/ui/badge";
import type { QuarantineStatus } from "@/db/schema/quarantine";
import { QUARANTINE_STATUS_LABELS, QUARANTINE_STATUS_TONES } from "@/lib/quarantine/labels";

export function QuarantineStatusBadge({ status }: { status: QuarantineStatus }) {
  return (
    <Badge tone={QUARANTINE_STATUS_TONES[status]} className="whitespace-nowrap">
      <span data-testid="quarantine-status">{QUARANTINE_STATUS_LABELS[status]}</span>
    </Badge>
  );
}
