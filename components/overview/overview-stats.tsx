import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/lib/utils/cn";

// One figure on the Overview; the whole card links where the figure is explained.
export function Stat({
  label,
  value,
  testId,
  hint,
  href,
  tone,
}: {
  label: string;
  value: ReactNode;
  testId: string;
  hint?: ReactNode;
  href?: string;
  tone?: "good" | "warn" | "bad";
}) {
  const body = (
    <Card className={cn("h-full p-4", href && "transition-colors hover:border-brand-500")}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div
        className={cn(
          "mt-1 text-2xl font-semibold tabular-nums",
          tone === "warn" && "text-amber-600",
          tone === "bad" && "text-red-600",
          tone === "good" && "text-emerald-600",
        )}
        data-testid={testId}
      >
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-slate-500">{hint}</div> : null}
    </Card>
  );
  return href ? (
    <Link href={href} className="block" data-testid={`${testId}-link`}>
      {body}
    </Link>
  ) : (
    body
  );
}

export const formatPct = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(2)} %`);

// Today's rate against yesterday's: the change in percentage points, coloured by whether a rise is
// good (delivery) or bad (bounces, complaints).
export function RateDelta({
  today,
  yesterday,
  higherIsBetter,
  testId,
}: {
  today: number | null;
  yesterday: number | null;
  higherIsBetter: boolean;
  testId: string;
}) {
  if (today === null || yesterday === null) return <span data-testid={testId}>yesterday {formatPct(yesterday)}</span>;
  const diff = (today - yesterday) * 100;
  const flat = Math.abs(diff) < 0.005;
  const better = higherIsBetter ? diff > 0 : diff < 0;
  return (
    <span data-testid={testId} data-diff-pp={diff.toFixed(2)}>
      <span className={cn(!flat && (better ? "text-emerald-600" : "text-red-600"))}>
        {flat ? "±0.00" : `${diff > 0 ? "▲ +" : "▼ "}${diff.toFixed(2)}`} pp
      </span>{" "}
      vs {formatPct(yesterday)} yesterday
    </span>
  );
}
