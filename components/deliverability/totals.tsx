import { Card } from "@/components/ui/card";
import type { ChartThresholds } from "@/lib/deliverability/dashboard";
import type { OutcomeCounts, Rates } from "@/lib/deliverability/rates";
import { cn } from "@/lib/utils/cn";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)} %`);
const num = (n: number) => n.toLocaleString("en-US");

function Tile({
  label,
  value,
  testId,
  dataValue,
  hint,
  tone,
}: {
  label: string;
  value: string;
  testId: string;
  dataValue: string | number;
  hint?: string;
  tone?: "warn" | "suspend";
}) {
  return (
    <Card className="p-4">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div
        className={cn(
          "mt-1 text-2xl font-semibold tabular-nums",
          tone === "warn" && "text-amber-600",
          tone === "suspend" && "text-red-600",
        )}
        data-testid={testId}
        data-value={dataValue}
      >
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-slate-500">{hint}</div> : null}
    </Card>
  );
}

// Colours a rate (0-1) against thresholds given in percent.
function toneOf(rate: number | null, warnPct: number, suspendPct: number): "warn" | "suspend" | undefined {
  if (rate === null) return undefined;
  return rate * 100 >= suspendPct ? "suspend" : rate * 100 >= warnPct ? "warn" : undefined;
}

// The range's totals: messages, then the three rates against their thresholds.
export function Totals({ totals, thresholds }: { totals: OutcomeCounts & Rates; thresholds: ChartThresholds }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="deliverability-totals">
      <Tile
        label="Accepted"
        value={num(totals.accepted)}
        testId="total-accepted"
        dataValue={totals.accepted}
        hint={`${num(totals.delivered)} delivered · ${num(totals.deferred)} deferred`}
      />
      <Tile
        label="Rejected"
        value={num(totals.rejected)}
        testId="total-rejected"
        dataValue={totals.rejected}
        hint="refused at SMTP time"
      />
      <Tile
        label="Delivery rate"
        value={pct(totals.deliveryRate)}
        testId="total-delivery-rate"
        dataValue={totals.deliveryRate ?? ""}
        hint={`${num(totals.delivered)} of ${num(totals.delivered + totals.bounced)} attempts`}
      />
      <Tile
        label="Bounce rate"
        value={pct(totals.bounceRate)}
        testId="total-bounce-rate"
        dataValue={totals.bounceRate ?? ""}
        hint={`${num(totals.bounced)} bounced · warn at ${thresholds.bounceWarnPct} %`}
        tone={toneOf(totals.bounceRate, thresholds.bounceWarnPct, thresholds.bounceSuspendPct)}
      />
      <Tile
        label="Complaint rate"
        value={pct(totals.complaintRate)}
        testId="total-complaint-rate"
        dataValue={totals.complaintRate ?? ""}
        hint={`${num(totals.complained)} complaints · warn at ${thresholds.complaintWarnPct} %`}
        tone={toneOf(totals.complaintRate, thresholds.complaintWarnPct, thresholds.complaintSuspendPct)}
      />
    </div>
  );
}
