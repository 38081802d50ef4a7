"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useTransition } from "react";
import { RateChart } from "@/components/charts/rate-chart";
import { fullTimeFormatter, viewerTimeZone } from "@/components/charts/time-format";
import { useMounted } from "@/components/charts/use-mounted";
import { VolumeChart } from "@/components/charts/volume-chart";
import { type FilterParams, FiltersBar } from "@/components/deliverability/filters-bar";
import { SortableTable } from "@/components/deliverability/sortable-table";
import { SuppressionSummary } from "@/components/deliverability/suppression-summary";
import { Totals } from "@/components/deliverability/totals";
import { queryKeys } from "@/components/query-keys";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { DeliverabilityDashboard } from "@/lib/deliverability/dashboard";
import type { DeliverabilityFilterOptions } from "@/lib/deliverability/filter-options";
import { OUTCOMES } from "@/lib/deliverability/rates";
import {
  NO_SENDER_KEY,
  REASON_COLUMNS,
  RECIPIENT_COLUMNS,
  SENDER_COLUMNS,
  SERIES_COLUMNS,
} from "@/lib/deliverability/table-columns";
import { csvFileName } from "@/lib/deliverability/to-csv";
import type { FieldErrors } from "@/lib/errors";
import { cn } from "@/lib/utils/cn";

export const REFRESH_MS = 15_000;
const PARAM_KEYS = ["range", "from", "to", "senderId", "fromDomain", "recipientDomain"] as const;

// The filters as a stable, sorted object without blanks (the query key and the query string).
function normalize(params: FilterParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PARAM_KEYS) if (params[key]) out[key] = params[key] as string;
  if (out.range !== "custom") {
    delete out.from;
    delete out.to;
  }
  return out;
}

async function fetchDashboard(params: Record<string, string>): Promise<DeliverabilityDashboard> {
  const response = await fetch(`/api/v1/deliverability?${new URLSearchParams(params)}`, { cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The deliverability data could not be loaded (${response.status}).`);
  }
  return response.json();
}

function bucketText(stepSeconds: number): string {
  if (stepSeconds % 86_400 === 0) return stepSeconds === 86_400 ? "daily" : `${stepSeconds / 86_400}-day`;
  if (stepSeconds % 3600 === 0) return stepSeconds === 3600 ? "hourly" : `${stepSeconds / 3600}-hour`;
  return `${stepSeconds / 60}-minute`;
}

export interface DeliverabilityViewProps {
  initial: DeliverabilityDashboard | null;
  params: FilterParams;
  options: DeliverabilityFilterOptions;
  // When the URL's parameters are invalid: what is wrong, by field.
  invalid?: { message: string; fieldErrors?: FieldErrors };
}

// Filters live in the URL (router.replace re-renders the page with fresh server data); between
// changes react-query refreshes the same view every 15 s, and not while the tab is hidden.
export function DeliverabilityView({ initial, params, options, invalid }: DeliverabilityViewProps) {
  const router = useRouter();
  const mounted = useMounted();
  const [pending, startTransition] = useTransition();
  const filters = useMemo(() => normalize(params), [params]);
  const { data, error, refetch, isFetching, dataUpdatedAt } = useQuery({
    queryKey: queryKeys.deliverability(filters),
    queryFn: () => fetchDashboard(filters),
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initial ? Date.parse(initial.generatedAt) : undefined,
    enabled: !invalid,
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
  const navigate = (next: FilterParams) =>
    startTransition(() => router.replace(`/deliverability?${new URLSearchParams(normalize(next))}`, { scroll: false }));
  const formatTime = useMemo(
    () =>
      mounted && data
        ? fullTimeFormatter(data.stepSeconds)
        : (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`,
    [mounted, data],
  );

  return (
    <div className="space-y-6">
      <Card>
        <FiltersBar
          params={params}
          options={options}
          errors={invalid?.fieldErrors}
          onChange={navigate}
          pending={pending}
        />
        <div
          className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-xs text-slate-500"
          data-testid="deliverability-status"
        >
          {data ? (
            <span
              data-testid="deliverability-range"
              data-from={data.range.from}
              data-to={data.range.to}
              data-step={data.stepSeconds}
            >
              {formatTime(data.range.from)} – {formatTime(data.range.to)} · {bucketText(data.stepSeconds)} buckets
              {mounted ? ` · times in ${viewerTimeZone()}` : ""}
            </span>
          ) : (
            <span />
          )}
          {!invalid ? (
            <span className="inline-flex items-center gap-1.5" data-testid="live-status">
              <RefreshCw className={cn("size-3", (isFetching || pending) && "animate-spin")} aria-hidden />
              {pending ? "Loading…" : `Live, every ${REFRESH_MS / 1000} s while this tab is visible`}
              {mounted && dataUpdatedAt ? ` · updated ${new Date(dataUpdatedAt).toLocaleTimeString()}` : ""}
            </span>
          ) : null}
        </div>
      </Card>

      {invalid ? (
        <Alert testId="deliverability-invalid">{invalid.message}. Fix the filters above to see the data.</Alert>
      ) : null}
      {error ? (
        <div className="flex items-center gap-3" data-testid="deliverability-error">
          <div className="flex-1">
            <Alert>
              {(error as Error).message} {data ? "Showing the last data that loaded." : ""}
            </Alert>
          </div>
          <Button variant="secondary" onClick={() => refetch()} data-testid="deliverability-retry">
            Retry
          </Button>
        </div>
      ) : null}

      {data ? (
        <div
          className={cn("space-y-6 transition-opacity", pending && "opacity-50")}
          data-testid="deliverability-content"
          aria-busy={pending || isFetching}
        >
          <DashboardBody
            data={data}
            filtered={!!(filters.senderId || filters.fromDomain || filters.recipientDomain)}
            formatTime={formatTime}
          />
        </div>
      ) : null}
    </div>
  );
}

function DashboardBody({
  data,
  filtered,
  formatTime,
}: {
  data: DeliverabilityDashboard;
  filtered: boolean;
  formatTime: (iso: string) => string;
}) {
  const empty = OUTCOMES.every((o) => data.totals[o] === 0);
  if (empty) {
    return (
      <Card>
        <EmptyState
          title={
            filtered
              ? "No mail matches these filters in this range"
              : "No mail in this range yet — run npm run demo:traffic"
          }
        >
          {filtered
            ? "Widen the range or clear the filters."
            : "Relays report what they accept, deliver, defer, bounce and reject; it appears here within seconds."}
        </EmptyState>
      </Card>
    );
  }
  const th = data.thresholds;
  const file = (table: string) => csvFileName(table, data.range);
  const scope = th.scope === "sender" ? "this sender's" : "global";
  return (
    <>
      <Totals totals={data.totals} thresholds={th} />
      <SuppressionSummary counts={data.suppressions} />
      <Card className="p-4">
        <VolumeChart points={data.series} stepSeconds={data.stepSeconds} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="p-4">
          <RateChart
            points={data.series}
            rateKey="deliveryRate"
            title="Delivery rate"
            color="#059669"
            stepSeconds={data.stepSeconds}
            testId="chart-rate-delivery"
          />
        </Card>
        <Card className="p-4">
          <RateChart
            points={data.series}
            rateKey="bounceRate"
            title="Bounce rate"
            color="#dc2626"
            stepSeconds={data.stepSeconds}
            testId="chart-rate-bounce"
            thresholds={[
              { label: "Warning", pct: th.bounceWarnPct, tone: "warn" },
              { label: "Suspension", pct: th.bounceSuspendPct, tone: "suspend" },
            ]}
          />
          <p className="mt-1 text-xs text-slate-500">
            All bounces; the {scope} thresholds judge hard bounces over the reputation window.
          </p>
        </Card>
        <Card className="p-4">
          <RateChart
            points={data.series}
            rateKey="complaintRate"
            title="Complaint rate"
            color="#db2777"
            stepSeconds={data.stepSeconds}
            testId="chart-rate-complaint"
            thresholds={[
              { label: "Warning", pct: th.complaintWarnPct, tone: "warn" },
              { label: "Suspension", pct: th.complaintSuspendPct, tone: "suspend" },
            ]}
          />
          <p className="mt-1 text-xs text-slate-500">Complaints per delivered message; {scope} thresholds.</p>
        </Card>
      </div>
      <Card>
        <CardHeader
          title="By recipient domain"
          description="Where the mail went: volume and rates per receiving domain, and the share delivered over TLS."
        />
        <SortableTable
          name="recipients"
          columns={RECIPIENT_COLUMNS}
          rows={data.byRecipientDomain}
          rowKey={(r) => r.key}
          csvFileName={file("recipients")}
          emptyText="No recipient domains in this range."
          renderCell={(column, row, text) =>
            column.key === "tlsRequired" && row.tlsRequired ? <Badge tone="blue">{text}</Badge> : text
          }
        />
      </Card>
      <Card>
        <CardHeader title="By sender" description="Volume and rates per sender." />
        <SortableTable
          name="senders"
          columns={SENDER_COLUMNS}
          rows={data.bySender}
          rowKey={(r) => r.key}
          csvFileName={file("senders")}
          emptyText="No senders in this range."
          renderCell={(column, row, text) =>
            column.key === "label" && row.key !== NO_SENDER_KEY ? (
              <Link href={`/senders/${row.key}`} className="font-medium text-brand-600 hover:underline">
                {text}
              </Link>
            ) : (
              text
            )
          }
        />
      </Card>
      <Card>
        <CardHeader
          title="Rejection reasons"
          description="Why relays refused mail at SMTP time (the sender is told and may retry)."
        />
        <SortableTable
          name="reasons"
          columns={REASON_COLUMNS}
          rows={data.rejectionReasons}
          rowKey={(r) => r.reason}
          csvFileName={file("reasons")}
          emptyText="No rejections in this range."
          caption={`${data.totals.rejected.toLocaleString("en-US")} rejected in all`}
          renderCell={(column, row, text) =>
            column.key === "share" && row.share ? (
              <span className="inline-flex items-center justify-end gap-2">
                <span
                  className="h-1.5 rounded bg-violet-500"
                  style={{ width: `${Math.max(2, row.share * 80)}px` }}
                  aria-hidden
                />
                {text}
              </span>
            ) : (
              text
            )
          }
        />
      </Card>
      <Card>
        <details>
          <summary className="cursor-pointer px-4 py-3 text-sm font-semibold">
            Chart data ({data.series.length} buckets)
          </summary>
          <SortableTable
            name="series"
            columns={SERIES_COLUMNS}
            rows={data.series}
            rowKey={(r) => r.t}
            csvFileName={file("series")}
            emptyText="No buckets."
            formatTime={formatTime}
          />
        </details>
      </Card>
    </>
  );
}
