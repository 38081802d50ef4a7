import { Circle, CircleCheck, CircleDashed } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ChecklistState, PathToReject } from "@/lib/dmarc/path-to-reject";
import { cn } from "@/lib/utils/cn";

const ICON: Record<ChecklistState, typeof Circle> = { done: CircleCheck, todo: Circle, pending: CircleDashed };
const COLOR: Record<ChecklistState, string> = {
  done: "text-emerald-600",
  todo: "text-red-600",
  pending: "text-slate-400",
};

export function RejectSummaryBadge({ checklist }: { checklist: PathToReject }) {
  if (checklist.policy === "reject" && checklist.ready) return <Badge tone="green">p=reject in force</Badge>;
  if (checklist.ready) return <Badge tone="green">Ready for p=reject</Badge>;
  return <Badge tone="amber">Not ready for p=reject</Badge>;
}

// Each item turns green on its own; all but the last green means p=reject can be published.
export function RejectChecklist({ checklist }: { checklist: PathToReject }) {
  return (
    <ol
      className="divide-y divide-slate-100 dark:divide-slate-800"
      data-testid="reject-checklist"
      data-ready={checklist.ready ? "true" : "false"}
    >
      {checklist.items.map((item) => {
        const Icon = ICON[item.state];
        return (
          <li
            key={item.id}
            className="flex gap-3 px-4 py-2.5"
            data-testid={`checklist-item-${item.id}`}
            data-state={item.state}
          >
            <Icon className={cn("mt-0.5 size-4 shrink-0", COLOR[item.state])} aria-label={item.state} />
            <div className="min-w-0">
              <p className="text-sm font-medium">{item.label}</p>
              <p className="break-words text-xs text-slate-500">{item.detail}</p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
