"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisTimeFormatter, fullTimeFormatter } from "@/components/charts/time-format";
import type { SeriesPoint } from "@/lib/deliverability/time-series";

// One line per outcome (not stacked: an accepted message is later delivered, deferred or
// bounced, so the outcomes overlap rather than add up).
export const VOLUME_SERIES = [
  { key: "accepted", label: "Accepted", color: "#2563eb" },
  { key: "delivered", label: "Delivered", color: "#059669" },
  { key: "deferred", label: "Deferred", color: "#d97706" },
  { key: "bounced", label: "Bounced", color: "#dc2626" },
  { key: "rejected", label: "Rejected", color: "#7c3aed" },
  { key: "complained", label: "Complained", color: "#db2777" },
] as const;

const hasData = (p: SeriesPoint) => VOLUME_SERIES.some((s) => p[s.key] > 0);

export function VolumeChart({
  points,
  stepSeconds,
  testId = "chart-volume",
}: {
  points: SeriesPoint[];
  stepSeconds: number;
  testId?: string;
}) {
  const span = points.length ? Date.parse(points[points.length - 1].t) - Date.parse(points[0].t) : 0;
  return (
    <ChartFrame testId={testId} title="Messages per bucket" points={points.filter(hasData).length}>
      {() => {
        const tick = axisTimeFormatter(stepSeconds, span);
        const label = fullTimeFormatter(stepSeconds);
        return (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" tickFormatter={tick} minTickGap={32} fontSize={11} />
              <YAxis allowDecimals={false} width={48} fontSize={11} />
              <Tooltip labelFormatter={(t) => label(String(t))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {VOLUME_SERIES.map((s) => (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  dot={false}
                  strokeWidth={1.75}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        );
      }}
    </ChartFrame>
  );
}
