"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { createDlpRuleAction, updateDlpRuleAction } from "@/app/(dashboard)/content/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { DlpRule } from "@/db/schema";
import {
  CONTENT_ACTION_LABELS,
  CONTENT_ACTIONS,
  DLP_DETECTOR_LABELS,
  DLP_DETECTORS,
  type DlpDetector,
} from "@/lib/content/labels";

const REGEX_FLAGS = [
  { flag: "i", label: "ignore case" },
  { flag: "m", label: "multi-line" },
  { flag: "s", label: "dot matches newline" },
  { flag: "u", label: "Unicode" },
] as const;

// Adds a rule to a profile, or edits one (rule given). Custom expressions are checked by the
// server when saved; one that can backtrack catastrophically is refused with the reason.
export function DlpRuleDialog({ profileId, rule }: { profileId: string; rule?: DlpRule }) {
  const [detector, setDetector] = useState<DlpDetector>(rule?.detector ?? "card");
  const editing = !!rule;
  return (
    <ActionDialog
      trigger={
        editing ? (
          <Button size="sm" variant="ghost" data-testid={`edit-rule-${rule.name}`}>
            Edit
          </Button>
        ) : (
          <Button size="sm" data-testid="add-rule-open">
            <Plus className="size-4" aria-hidden /> Add rule
          </Button>
        )
      }
      title={editing ? `Edit the rule ${rule.name}` : "Add a DLP rule"}
      description="A rule fires when at least “minimum count” matches (each near a keyword, if any are given) are found in one message."
      action={editing ? updateDlpRuleAction : createDlpRuleAction}
      onClose={() => setDetector(rule?.detector ?? "card")}
      toInput={(form) => {
        const text = (key: string) => String(form.get(key) ?? "");
        return {
          profileId,
          ...(rule ? { ruleId: rule.id } : {}),
          name: text("name"),
          detector,
          pattern: detector === "regex" ? text("pattern") : undefined,
          flags: detector === "regex" ? form.getAll("flags").map(String).join("") : "",
          keywords: detector === "keywords" ? text("keywords") : "",
          minCount: text("minCount"),
          nearKeywords: text("nearKeywords"),
          nearWithin: text("nearWithin"),
          action: text("action"),
          enabled: form.get("enabled") === "on",
        };
      }}
      submitLabel={editing ? "Save rule" : "Add rule"}
      pendingLabel="Saving…"
      testId="rule"
      submitTestId="rule-submit"
    >
      {(fieldErrors) => (
        <div className="max-h-[70vh] space-y-3 overflow-y-auto pr-1">
          <Field label="Name" htmlFor="rule-name" error={fieldErrors.name} hint="Shown in reject texts and reports.">
            <Input id="rule-name" name="name" defaultValue={rule?.name} maxLength={100} />
          </Field>
          <Field label="Detector" htmlFor="rule-detector" error={fieldErrors.detector}>
            <Select
              id="rule-detector"
              value={detector}
              onChange={(e) => setDetector(e.target.value as DlpDetector)}
              data-testid="rule-detector"
            >
              {DLP_DETECTORS.map((d) => (
                <option key={d} value={d}>
                  {DLP_DETECTOR_LABELS[d]}
                </option>
              ))}
            </Select>
          </Field>
          {detector === "regex" ? (
            <>
              <Field
                label="Pattern (JavaScript regular expression)"
                htmlFor="rule-pattern"
                error={fieldErrors.pattern}
                hint="No backreferences or lookbehind; patterns that can backtrack catastrophically are refused."
              >
                <Input id="rule-pattern" name="pattern" defaultValue={rule?.pattern ?? ""} className="font-mono" />
              </Field>
              <fieldset className="flex flex-wrap gap-3 text-sm">
                {REGEX_FLAGS.map(({ flag, label }) => (
                  <label key={flag} className="flex items-center gap-1">
                    <input type="checkbox" name="flags" value={flag} defaultChecked={rule?.flags.includes(flag)} />
                    <code>{flag}</code> {label}
                  </label>
                ))}
              </fieldset>
              {fieldErrors.flags ? <p className="text-xs text-red-600">{fieldErrors.flags.join(" ")}</p> : null}
            </>
          ) : null}
          {detector === "keywords" ? (
            <Field
              label="Keywords"
              htmlFor="rule-keywords"
              error={fieldErrors.keywords}
              hint="One per line (or comma separated); whole words, any case."
            >
              <Textarea id="rule-keywords" name="keywords" defaultValue={rule?.keywords.join("\n")} />
            </Field>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Minimum count" htmlFor="rule-min-count" error={fieldErrors.minCount}>
              <Input id="rule-min-count" name="minCount" type="number" min={1} defaultValue={rule?.minCount ?? 1} />
            </Field>
            <Field label="Action" htmlFor="rule-action" error={fieldErrors.action}>
              <Select id="rule-action" name="action" defaultValue={rule?.action ?? "quarantine"}>
                {CONTENT_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {CONTENT_ACTION_LABELS[a]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
            <Field
              label="Only near these words (optional)"
              htmlFor="rule-near"
              error={fieldErrors.nearKeywords}
              hint="e.g. card, Karte, IBAN. Empty: anywhere."
            >
              <Textarea
                id="rule-near"
                name="nearKeywords"
                defaultValue={rule?.nearKeywords.join("\n")}
                className="min-h-16"
              />
            </Field>
            <Field label="Within (characters)" htmlFor="rule-near-within" error={fieldErrors.nearWithin}>
              <Input
                id="rule-near-within"
                name="nearWithin"
                type="number"
                min={1}
                defaultValue={rule?.nearWithin ?? 300}
              />
            </Field>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
          </label>
        </div>
      )}
    </ActionDialog>
  );
}
