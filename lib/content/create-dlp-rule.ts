import { count, eq, max } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type ContentProfile, type DlpRule, dlpRules } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { type CreateDlpRuleInput, MAX_RULES_PER_PROFILE } from "@/lib/validations/content";
import { checkedRuleValues } from "./dlp-rule-values";
import { lockProfile } from "./lock-profile";
import { ruleAuditSnapshot } from "./profile-audit";
import { recordProfileChange } from "./record-profile-change";

export interface RuleChange {
  rule: DlpRule;
  profile: ContentProfile;
  // null when the edit changed nothing (no new policy version).
  policyVersion: number | null;
}

// Adds a DLP rule at the end of its profile's list: checked (a custom expression with
// regexRefusal), audited, the profile's revision and the policy version bumped, in one transaction.
export async function createDlpRule({
  actor,
  input,
}: {
  actor: Actor;
  input: CreateDlpRuleInput;
}): Promise<RuleChange> {
  const { profileId, ...fields } = input;
  const values = checkedRuleValues(fields);
  return getDb().transaction(async (tx) => {
    const profile = await lockProfile(tx, profileId);
    const [{ rules, last }] = await tx
      .select({ rules: count(), last: max(dlpRules.position) })
      .from(dlpRules)
      .where(eq(dlpRules.profileId, profileId));
    if (rules >= MAX_RULES_PER_PROFILE)
      throw new AppError("conflict", `A profile holds at most ${MAX_RULES_PER_PROFILE} DLP rules`);
    const [rule] = await tx
      .insert(dlpRules)
      .values({ ...values, profileId, position: last === null ? 0 : last + 1 })
      .returning();
    const recorded = await recordProfileChange(tx, actor, {
      profile,
      action: "dlp_rule.create",
      summary: `rule ${rule.name} added`,
      after: ruleAuditSnapshot(rule),
    });
    return { rule, ...recorded };
  });
}
