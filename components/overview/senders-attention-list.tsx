import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { AttentionKind, AttentionSummary } from "@/lib/overview/senders-needing-attention";

const KIND: Record<AttentionKind, { label: string; tone: BadgeTone }> = {
  reputation_suspend: { label: "Suspension threshold", tone: "red" },
  reputation_warn: { label: "Warning threshold", tone: "amber" },
  review_overdue: { label: "Review overdue", tone: "blue" },
  dormant_credential: { label: "Dormant credential", tone: "neutral" },
};

export function SendersAttentionList({ attention }: { attention: AttentionSummary }) {
  if (attention.senders.length === 0)
    return (
      <EmptyState title="No sender needs attention">
        No thresholds crossed, no overdue reviews, no dormant credentials.
      </EmptyState>
    );
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="attention-list">
      {attention.senders.map((s) => (
        <li
          key={s.senderId}
          className="px-4 py-2.5"
          data-testid={`attention-row-${s.senderId}`}
          data-kinds={s.reasons.map((r) => r.kind).join(" ")}
        >
          <Link href={`/senders/${s.senderId}`} className="text-sm font-medium text-brand-600 hover:underline">
            {s.senderName}
          </Link>
          <ul className="mt-1 space-y-0.5">
            {s.reasons.map((r) => (
              <li
                key={`${r.kind}:${r.text}`}
                className="flex items-start gap-2 text-xs text-slate-600 dark:text-slate-400"
              >
                <Badge tone={KIND[r.kind].tone} className="shrink-0">
                  {KIND[r.kind].label}
                </Badge>
                <span className="min-w-0 break-words">{r.text}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
      {attention.total > attention.senders.length ? (
        <li className="px-4 py-2 text-xs text-slate-500">and {attention.total - attention.senders.length} more</li>
      ) : null}
    </ul>
  );
}
