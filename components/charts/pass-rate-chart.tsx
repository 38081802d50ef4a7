"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import type { PassRatePoint } from "@/lib/dmarc/source-stats";

const LEGITIMATE_TARGET_PCT = 98;
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

// DMARC pass rate of a domain per UTC day, as receivers reported it (all sources, forgers included).
export function PassRateChart({
  points,
  testId = "chart-dmarc-pass-rate",
}: {
  points: PassRatePoint[];
  testId?: string;
}) {
  return (
    <ChartFrame
      testId={testId}
      title="DMARC pass rate per day"
      points={points.filter((p) => p.passRate !== null).length}
    >
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" tickFormatter={formatDay} minTickGap={24} fontSize={11} />
            <YAxis width={44} fontSize={11} domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} />
            <Tooltip
              labelFormatter={(day) => formatDay(String(day))}
              formatter={(value, _name, item) => {
                const point = item.payload as PassRatePoint;
                return [
                  typeof value === "number" ? `${value}% (${point.dmarcPass} of ${point.messages})` : "—",
                  "DMARC pass",
                ];
              }}
            />
            <ReferenceLine y={LEGITIMATE_TARGET_PCT} stroke="#059669" strokeDasharray="6 3" ifOverflow="extendDomain" />
            <Line
              type="monotone"
              dataKey="passRate"
              name="DMARC pass"
              stroke="#2563eb"
              strokeWidth={1.75}
              dot={points.length < 40}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
