"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { DeleteRuleDialog } from "@/app/(dashboard)/content/_components/delete-rule-dialog";
import { DlpRuleDialog } from "@/app/(dashboard)/content/_components/dlp-rule-dialog";
import { reorderDlpRulesAction, updateDlpRuleAction } from "@/app/(dashboard)/content/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { useAction } from "@/components/use-action";
import type { DlpRule } from "@/db/schema";
import { CONTENT_ACTION_LABELS, DLP_DETECTOR_LABELS } from "@/lib/content/labels";

function What({ rule }: { rule: DlpRule }) {
  if (rule.detector === "regex")
    return (
      <code className="font-mono text-xs">
        /{rule.pattern}/{rule.flags}
      </code>
    );
  if (rule.detector === "keywords") return <span className="text-xs">{rule.keywords.join(", ")}</span>;
  return <span className="text-xs text-slate-500">{DLP_DETECTOR_LABELS[rule.detector]}</span>;
}

// A profile's DLP rules in the order relays evaluate them; managers add, edit, switch, move and
// delete them (each change bumps the policy version).
export function DlpRulesTable({ profileId, rules, manage }: { profileId: string; rules: DlpRule[]; manage: boolean }) {
  const toggle = useAction(updateDlpRuleAction);
  const reorder = useAction(reorderDlpRulesAction);
  const error = toggle.error ?? reorder.error;
  const pending = toggle.pending || reorder.pending;
  const move = (from: number, to: number) => {
    const ids = rules.map((r) => r.id);
    [ids[from], ids[to]] = [ids[to], ids[from]];
    reorder.run({ profileId, ruleIds: ids });
  };
  if (rules.length === 0)
    return (
      <EmptyState title="No DLP rules">
        {manage ? "Add one: card numbers, IBANs, keywords or your own pattern." : "This profile checks no content."}
      </EmptyState>
    );
  return (
    <>
      {error ? (
        <div className="px-4 pt-3">
          <Alert testId="rules-error">{error.message}</Alert>
        </div>
      ) : null}
      <Table data-testid="dlp-rules-table">
        <thead>
          <tr>
            <Th>Rule</Th>
            <Th>Detects</Th>
            <Th>Count / near</Th>
            <Th>Action</Th>
            <Th>Enabled</Th>
            {manage ? <Th /> : null}
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            <tr key={rule.id} data-testid={`rule-row-${rule.name}`}>
              <Td className="font-medium">{rule.name}</Td>
              <Td>
                <Badge>{rule.detector}</Badge> <What rule={rule} />
              </Td>
              <Td className="text-xs">
                at least {rule.minCount}
                {rule.nearKeywords.length ? (
                  <div className="text-slate-500">
                    within {rule.nearWithin} characters of {rule.nearKeywords.join(", ")}
                  </div>
                ) : null}
              </Td>
              <Td className="text-xs">{CONTENT_ACTION_LABELS[rule.action]}</Td>
              <Td>
                {manage ? (
                  <Button
                    size="sm"
                    variant={rule.enabled ? "secondary" : "ghost"}
                    disabled={pending}
                    aria-pressed={rule.enabled}
                    data-testid={`toggle-rule-${rule.name}`}
                    onClick={() => toggle.run({ profileId, ruleId: rule.id, enabled: !rule.enabled })}
                  >
                    {rule.enabled ? "On" : "Off"}
                  </Button>
                ) : (
                  <Badge tone={rule.enabled ? "green" : "neutral"}>{rule.enabled ? "on" : "off"}</Badge>
                )}
              </Td>
              {manage ? (
                <Td className="whitespace-nowrap text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending || i === 0}
                    aria-label={`Move ${rule.name} up`}
                    onClick={() => move(i, i - 1)}
                  >
                    <ArrowUp className="size-3.5" aria-hidden />
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending || i === rules.length - 1}
                    aria-label={`Move ${rule.name} down`}
                    onClick={() => move(i, i + 1)}
                  >
                    <ArrowDown className="size-3.5" aria-hidden />
                  </Button>
                  <DlpRuleDialog profileId={profileId} rule={rule} />
                  <DeleteRuleDialog profileId={profileId} ruleId={rule.id} name={rule.name} />
                </Td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
