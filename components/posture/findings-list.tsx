import { SeverityBadge } from "@/components/posture/posture-status-badge";
import { CopyButton } from "@/components/ui/copy-button";
import { type Finding, sortFindings } from "@/lib/posture/finding";

const AREA_LABEL = { spf: "SPF", dkim: "DKIM", dmarc: "DMARC" } as const;

function FindingItem({ finding }: { finding: Finding }) {
  return (
    <li className="space-y-1.5 px-4 py-3" data-testid={`finding-${finding.id}`} data-severity={finding.severity}>
      <div className="flex flex-wrap items-start gap-2">
        <SeverityBadge severity={finding.severity} />
        <span className="text-xs font-semibold text-slate-500">{AREA_LABEL[finding.area]}</span>
        <span className="min-w-0 flex-1 break-words text-sm">{finding.title}</span>
      </div>
      {finding.fix ? <p className="text-sm text-slate-600 dark:text-slate-400">Fix: {finding.fix}</p> : null}
      {finding.record ? (
        <div className="flex items-start gap-2" data-testid={`finding-record-${finding.id}`}>
          <code className="flex-1 break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs dark:bg-slate-950">
            {finding.record.name}. IN TXT "{finding.record.value}"
          </code>
          <CopyButton value={finding.record.value} label="Copy value" />
        </div>
      ) : null}
    </li>
  );
}

// Problems first with their fixes; what is fine folds away.
export function FindingsList({ findings, testId }: { findings: Finding[]; testId?: string }) {
  const sorted = sortFindings(findings);
  const problems = sorted.filter((f) => f.severity !== "ok");
  const fine = sorted.filter((f) => f.severity === "ok");
  return (
    <div data-testid={testId}>
      {problems.length ? (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {problems.map((f) => (
            <FindingItem key={f.id} finding={f} />
          ))}
        </ul>
      ) : (
        <p className="px-4 py-3 text-sm text-emerald-700 dark:text-emerald-400">Nothing to fix.</p>
      )}
      {fine.length ? (
        <details className="border-t border-slate-100 px-4 py-2 dark:border-slate-800">
          <summary className="cursor-pointer text-xs text-slate-500">{fine.length} checks passed</summary>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {fine.map((f) => (
              <FindingItem key={f.id} finding={f} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
