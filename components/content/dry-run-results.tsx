import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import type { DlpDryRun } from "@/lib/content/dry-run";

const OUTCOME = {
  matched: { tone: "red", label: "matches" },
  not_matched: { tone: "neutral", label: "no match" },
  error: { tone: "amber", label: "could not run" },
} as const;

// Which rules a pasted sample matches and where; every match and its context arrive redacted.
export function DryRunResults({ result }: { result: DlpDryRun }) {
  if (result.rules.length === 0)
    return <EmptyState title="No rules to try">Add a rule, or include the disabled ones.</EmptyState>;
  return (
    <Table data-testid="dry-run-results">
      <thead>
        <tr>
          <Th>Rule</Th>
          <Th>Result</Th>
          <Th>Matches</Th>
        </tr>
      </thead>
      <tbody>
        {result.rules.map((rule) => (
          <tr key={rule.ruleId} data-testid={`dry-run-rule-${rule.ruleName}`}>
            <Td className="font-medium">{rule.ruleName}</Td>
            <Td>
              <Badge tone={OUTCOME[rule.outcome].tone}>{OUTCOME[rule.outcome].label}</Badge>
              <div className="mt-1 text-xs text-slate-500">
                {rule.count} counted, {rule.minCount} needed
              </div>
              {rule.error ? <div className="mt-1 text-xs text-amber-700">{rule.error}</div> : null}
            </Td>
            <Td>
              {rule.matches.length === 0 ? (
                <span className="text-xs text-slate-500">none</span>
              ) : (
                <ul className="space-y-1 text-xs">
                  {rule.matches.map((m) => (
                    <li key={`${m.where}-${m.start}`} data-testid="dry-run-match">
                      <Badge>{m.where}</Badge> <code className="font-mono">{m.redacted}</code>
                      <div className="font-mono text-slate-500">…{m.context}…</div>
                    </li>
                  ))}
                </ul>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
