import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type ContentProfile, dlpRules } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { DeleteDlpRuleInput } from "@/lib/validations/content";
import { lockProfile } from "./lock-profile";
import { findRule } from "./lock-rule";
import { ruleAuditSnapshot } from "./profile-audit";
import { recordProfileChange } from "./record-profile-change";

// Removes a rule from its profile: audited with the whole rule, revision and policy version bumped.
export async function deleteDlpRule({
  actor,
  input,
}: {
  actor: Actor;
  input: DeleteDlpRuleInput;
}): Promise<{ deleted: { id: string; name: string }; profile: ContentProfile; policyVersion: number }> {
  return getDb().transaction(async (tx) => {
    const profile = await lockProfile(tx, input.profileId);
    const rule = await findRule(tx, input.profileId, input.ruleId);
    await tx.delete(dlpRules).where(eq(dlpRules.id, rule.id));
    const recorded = await recordProfileChange(tx, actor, {
      profile,
      action: "dlp_rule.delete",
      summary: `rule ${rule.name} deleted`,
      before: ruleAuditSnapshot(rule),
    });
    return { deleted: { id: rule.id, name: rule.name }, ...recorded };
  });
}
