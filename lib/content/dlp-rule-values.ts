import type { DlpRule } from "@/db/schema";
import { invalidFields } from "@/lib/errors";
import type { DlpRuleFields } from "@/lib/validations/content";
import { regexRefusal } from "@/relay/plugin/lib/content/regex-rule";

// What a rule stores (its profile and place aside).
export type DlpRuleValues = Pick<
  DlpRule,
  | "name"
  | "detector"
  | "pattern"
  | "flags"
  | "keywords"
  | "minCount"
  | "nearKeywords"
  | "nearWithin"
  | "action"
  | "enabled"
>;

// A rule as it is about to be saved (new, or stored + edit), checked as a whole and stripped of
// what its detector does not use. A custom expression goes through the relay engine's own
// regexRefusal: one that is invalid or can backtrack catastrophically is refused here (422, the
// message names the pattern's offending part), so no relay ever receives it.
export function checkedRuleValues(rule: DlpRuleFields | DlpRuleValues): DlpRuleValues {
  const values: DlpRuleValues = {
    name: rule.name,
    detector: rule.detector,
    pattern: rule.detector === "regex" ? (rule.pattern ?? null) : null,
    flags: rule.detector === "regex" ? rule.flags : "",
    keywords: rule.detector === "keywords" ? rule.keywords : [],
    minCount: rule.minCount,
    nearKeywords: rule.nearKeywords,
    nearWithin: rule.nearWithin,
    action: rule.action,
    enabled: rule.enabled,
  };
  if (values.detector === "regex") {
    if (!values.pattern) throw invalidFields({ pattern: ["A regular expression rule needs a pattern"] });
    const refusal = regexRefusal(values.pattern, values.flags);
    if (refusal) throw invalidFields({ pattern: [refusal] });
  }
  if (values.detector === "keywords" && values.keywords.length === 0)
    throw invalidFields({ keywords: ["A keyword rule needs at least one keyword"] });
  return values;
}
