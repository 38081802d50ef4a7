import Link from "next/link";
import { ClearMarkDialog } from "@/app/(dashboard)/posture/_components/clear-mark-dialog";
import { MarkSourceDialog } from "@/app/(dashboard)/posture/_components/mark-source-dialog";
import { SourceClassBadge } from "@/components/posture/source-class-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import type { SourceRow } from "@/lib/dmarc/list-sources";
import { cn } from "@/lib/utils/cn";

const number = new Intl.NumberFormat("en-US");
const pct = (part: number, total: number) =>
  total ? `${((part / total) * 100).toFixed(total >= 1000 ? 1 : 0)}%` : "—";
const tone = (part: number, total: number) =>
  total && part / total >= 0.98
    ? "text-emerald-700 dark:text-emerald-400"
    : part > 0
      ? "text-amber-700 dark:text-amber-400"
      : "text-red-700 dark:text-red-400";
// Report periods are whole UTC days: a day range says it without a time zone.
const day = (d: Date) => d.toISOString().slice(0, 10);
const dayRange = (from: Date, to: Date) =>
  day(from) === day(new Date(to.getTime() - 1000)) ? day(from) : `${day(from)} – ${day(new Date(to.getTime() - 1000))}`;

function PassCell({ s }: { s: SourceRow }) {
  return (
    <Td className="tabular-nums">
      <div className={cn("font-medium", tone(s.dmarcPass, s.messages))} data-testid={`source-dmarc-${s.sourceIp}`}>
        {pct(s.dmarcPass, s.messages)}
      </div>
      <div className="whitespace-nowrap text-xs text-slate-500">
        SPF{" "}
        <span className={tone(s.spfPass, s.messages)} data-testid={`source-spf-${s.sourceIp}`}>
          {pct(s.spfPass, s.messages)}
        </span>{" "}
        · DKIM{" "}
        <span className={tone(s.dkimPass, s.messages)} data-testid={`source-dkim-${s.sourceIp}`}>
          {pct(s.dkimPass, s.messages)}
        </span>
      </div>
    </Td>
  );
}

// Every address that sent mail as the domain in the window. Unknown and unregistered sources are
// highlighted until someone registers them as a sender or marks them as spoofing.
export function SourcesTable({
  domainId,
  domain,
  sources,
  canMark,
  canRegister,
}: {
  domainId: string;
  domain: string;
  sources: SourceRow[];
  canMark: boolean;
  canRegister: boolean;
}) {
  if (sources.length === 0) {
    return (
      <EmptyState title="No sources yet">
        Upload an aggregate report, post it to /api/v1/dmarc-reports, or let the mailbox drop reports in the watched
        directory.
      </EmptyState>
    );
  }
  return (
    <Table data-testid="sources-table">
      <thead>
        <tr>
          <Th>Source</Th>
          <Th>Classified as</Th>
          <Th className="text-right">Messages</Th>
          <Th>DMARC pass</Th>
          <Th>Disposition, seen</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr
            key={s.sourceIp}
            data-testid={`source-row-${s.sourceIp}`}
            data-kind={s.classification.kind}
            data-highlight={s.highlight ? "true" : "false"}
            className={cn(s.highlight && "bg-amber-50/70 dark:bg-amber-950/20")}
          >
            <Td>
              <div className="font-mono text-sm">{s.sourceIp}</div>
              {s.reverseName ? <div className="max-w-56 truncate text-xs text-slate-500">{s.reverseName}</div> : null}
              {s.authDomains.length ? (
                <div className="max-w-56 truncate text-xs text-slate-500">
                  authenticated: {s.authDomains.join(", ")}
                </div>
              ) : null}
            </Td>
            <Td>
              <SourceClassBadge classification={s.classification} testId={`source-class-${s.sourceIp}`} />
              {s.mark ? (
                <div className="mt-1" data-testid={`source-mark-${s.sourceIp}`} title={s.mark.note ?? undefined}>
                  <Badge tone="red">marked {s.mark.verdict}</Badge>
                  {s.mark.note ? <div className="mt-0.5 max-w-56 text-xs text-slate-500">{s.mark.note}</div> : null}
                </div>
              ) : null}
            </Td>
            <Td className="text-right tabular-nums" data-testid={`source-messages-${s.sourceIp}`}>
              {number.format(s.messages)}
            </Td>
            <PassCell s={s} />
            <Td className="text-xs text-slate-600 dark:text-slate-400">
              <div>
                {(["none", "quarantine", "reject"] as const)
                  .filter((d) => s.dispositions[d] > 0)
                  .map((d) => `${d} ${number.format(s.dispositions[d])}`)
                  .join(" · ") || "—"}
              </div>
              <div className="whitespace-nowrap text-slate-500">
                {dayRange(s.firstSeen, s.lastSeen)}, {s.reports} report{s.reports === 1 ? "" : "s"}
              </div>
            </Td>
            <Td>
              <div className="flex flex-col items-end gap-1">
                {s.registration && canRegister ? (
                  <Button asChild size="sm">
                    <Link href={s.registration.href} data-testid={`register-source-${s.sourceIp}`}>
                      {s.registration.label}
                    </Link>
                  </Button>
                ) : null}
                {canMark && s.highlight ? (
                  <MarkSourceDialog domainId={domainId} domain={domain} sourceIp={s.sourceIp} />
                ) : null}
                {canMark && s.mark ? <ClearMarkDialog domainId={domainId} sourceIp={s.sourceIp} /> : null}
              </div>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
