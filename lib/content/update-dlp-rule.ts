import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dlpRules } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { UpdateDlpRuleInput } from "@/lib/validations/content";
import type { RuleChange } from "./create-dlp-rule";
import { checkedRuleValues } from "./dlp-rule-values";
import { lockProfile } from "./lock-profile";
import { findRule } from "./lock-rule";
import { changedFields, ruleAuditSnapshot } from "./profile-audit";
import { recordProfileChange } from "./record-profile-change";

// Edits a rule (only the fields sent change; enabling and disabling are edits too). The merged
// rule is checked as a whole, so changing only the flags of a custom expression is checked too.
export async function updateDlpRule({
  actor,
  input,
}: {
  actor: Actor;
  input: UpdateDlpRuleInput;
}): Promise<RuleChange & { changed: string[] }> {
  const { profileId, ruleId, ...patch } = input;
  return getDb().transaction(async (tx) => {
    const profile = await lockProfile(tx, profileId);
    const rule = await findRule(tx, profileId, ruleId);
    const merged = { ...rule, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const values = checkedRuleValues(merged);
    const diff = changedFields(ruleAuditSnapshot(rule), ruleAuditSnapshot({ ...rule, ...values }));
    if (diff.keys.length === 0) return { rule, profile, policyVersion: null, changed: [] };
    const [updated] = await tx
      .update(dlpRules)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(dlpRules.id, rule.id))
      .returning();
    const recorded = await recordProfileChange(tx, actor, {
      profile,
      action: "dlp_rule.update",
      summary: `rule ${updated.name} changed (${diff.keys.join(", ")})`,
      before: { ruleId: rule.id, ...diff.before },
      after: { ruleId: rule.id, ...diff.after },
    });
    return { rule: updated, ...recorded, changed: diff.keys as string[] };
  });
}
