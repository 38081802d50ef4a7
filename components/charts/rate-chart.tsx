"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisTimeFormatter, fullTimeFormatter } from "@/components/charts/time-format";
import type { SeriesPoint } from "@/lib/deliverability/time-series";

export type RateKey = "deliveryRate" | "bounceRate" | "complaintRate";

export interface RateThreshold {
  label: string;
  pct: number;
  tone: "warn" | "suspend";
}

const TONE_COLOR = { warn: "#d97706", suspend: "#dc2626" } as const;
const pctText = (v: number) => `${v.toFixed(v < 1 ? 2 : 1)} %`;

// A rate over time in percent, with the warning and suspension thresholds as reference lines
// (the axis stretches to show them even while the rate is far below).
export function RateChart({
  points,
  rateKey,
  title,
  color,
  stepSeconds,
  thresholds = [],
  testId,
}: {
  points: SeriesPoint[];
  rateKey: RateKey;
  title: string;
  color: string;
  stepSeconds: number;
  thresholds?: RateThreshold[];
  testId: string;
}) {
  const data = points.map((p) => ({ t: p.t, pct: p[rateKey] === null ? null : p[rateKey] * 100 }));
  const span = points.length ? Date.parse(points[points.length - 1].t) - Date.parse(points[0].t) : 0;
  return (
    <ChartFrame
      testId={testId}
      title={title}
      points={data.filter((d) => d.pct !== null).length}
      footer={
        thresholds.length ? (
          <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
            {thresholds.map((th) => (
              <span
                key={th.label}
                data-testid={`${testId}-threshold-${th.tone}`}
                data-value={th.pct}
                style={{ color: TONE_COLOR[th.tone] }}
              >
                - - {th.label} {pctText(th.pct)}
              </span>
            ))}
          </p>
        ) : null
      }
    >
      {() => {
        const tick = axisTimeFormatter(stepSeconds, span);
        const label = fullTimeFormatter(stepSeconds);
        return (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" tickFormatter={tick} minTickGap={32} fontSize={11} />
              <YAxis
                width={48}
                fontSize={11}
                tickFormatter={(v: number) => `${v}%`}
                domain={rateKey === "deliveryRate" ? ["auto", 100] : [0, "auto"]}
              />
              <Tooltip
                labelFormatter={(t) => label(String(t))}
                formatter={(v) => (typeof v === "number" ? pctText(v) : "—")}
              />
              {thresholds.map((th) => (
                <ReferenceLine
                  key={th.label}
                  y={th.pct}
                  stroke={TONE_COLOR[th.tone]}
                  strokeDasharray="6 3"
                  ifOverflow="extendDomain"
                  label={{
                    value: `${th.label} ${pctText(th.pct)}`,
                    position: "insideTopRight",
                    fontSize: 10,
                    fill: TONE_COLOR[th.tone],
                  }}
                />
              ))}
              <Line
                type="monotone"
                dataKey="pct"
                name={title}
                stroke={color}
                dot={false}
                strokeWidth={1.75}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        );
      }}
    </ChartFrame>
  );
}
