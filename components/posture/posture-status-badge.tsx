import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { FindingSeverity, PostureStatus } from "@/lib/posture/finding";

const STATUS: Record<PostureStatus, { tone: BadgeTone; label: string }> = {
  ok: { tone: "green", label: "Healthy" },
  warning: { tone: "amber", label: "Needs attention" },
  critical: { tone: "red", label: "Broken" },
};

export function PostureStatusBadge({ status, testId }: { status: PostureStatus | null; testId?: string }) {
  const shown = status ? STATUS[status] : { tone: "neutral" as const, label: "Not checked yet" };
  return (
    <span data-testid={testId} data-status={status ?? "none"}>
      <Badge tone={shown.tone}>{shown.label}</Badge>
    </span>
  );
}

const SEVERITY: Record<FindingSeverity, BadgeTone> = { ok: "green", info: "blue", warning: "amber", critical: "red" };

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  return <Badge tone={SEVERITY[severity]}>{severity}</Badge>;
}
