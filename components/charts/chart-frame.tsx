"use client";

import type { ReactNode } from "react";
import { useMounted } from "@/components/charts/use-mounted";

export const CHART_HEIGHT_PX = 240;

// The box every chart sits in. data-points (points that carry data) and data-ready (drawn, no
// animation pending) are for browser tests; the chart itself is drawn only in the browser.
export function ChartFrame({
  testId,
  title,
  points,
  height = CHART_HEIGHT_PX,
  footer,
  children,
}: {
  testId: string;
  title: string;
  points: number;
  height?: number;
  footer?: ReactNode;
  children: () => ReactNode;
}) {
  const mounted = useMounted();
  return (
    <figure
      data-testid={testId}
      data-points={points}
      data-ready={mounted ? "true" : "false"}
      aria-label={title}
      className="min-w-0"
    >
      <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</figcaption>
      <div style={{ height }} className="w-full">
        {mounted ? children() : <div className="h-full w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />}
      </div>
      {footer}
    </figure>
  );
}
