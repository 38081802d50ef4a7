import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { ContentFinding } from "@/lib/quarantine/get-quarantined";
import { FINDING_KIND_LABELS } from "@/lib/quarantine/labels";

// The sample as the relay redacted it, marked inside its context (which the relay redacted too):
// the matched data itself never reaches the control plane.
function SampleInContext({ sample }: { sample: ContentFinding["samples"][number] }) {
  const at = sample.context.indexOf(sample.redacted);
  return (
    <li className="rounded bg-slate-50 px-2 py-1 font-mono text-xs break-all dark:bg-slate-800/60" data-testid="sample">
      {at < 0 ? (
        <>
          <mark className="rounded bg-amber-200 px-0.5 dark:bg-amber-700/60">{sample.redacted}</mark>
          {sample.context ? <span className="text-slate-500"> in “{sample.context}”</span> : null}
        </>
      ) : (
        <>
          {sample.context.slice(0, at)}
          <mark className="rounded bg-amber-200 px-0.5 dark:bg-amber-700/60">{sample.redacted}</mark>
          {sample.context.slice(at + sample.redacted.length)}
        </>
      )}
    </li>
  );
}

export function FindingsList({ findings }: { findings: ContentFinding[] }) {
  if (findings.length === 0) return <EmptyState title="The relay reported no findings." />;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="findings">
      {findings.map((finding, index) => (
        // Findings have no id of their own; their order is the relay's and never changes.
        // biome-ignore lint/suspicious/noArrayIndexKey: a stored, immutable list
        <li key={index} className="space-y-2 px-4 py-3" data-testid="finding">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={finding.kind === "virus" ? "red" : "amber"}>
              {FINDING_KIND_LABELS[finding.kind] ?? finding.kind}
            </Badge>
            <span className="font-medium">{finding.ruleName}</span>
            <span className="text-slate-500">
              {finding.count} match{finding.count === 1 ? "" : "es"} in {finding.where} · action {finding.action}
            </span>
          </div>
          {finding.samples.length ? (
            <ul className="space-y-1">
              {finding.samples.map((sample, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a stored, immutable list
                <SampleInContext key={i} sample={sample} />
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
