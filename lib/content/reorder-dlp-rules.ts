import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type ContentProfile, type DlpRule, dlpRules } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { invalidFields } from "@/lib/errors";
import type { ReorderDlpRulesInput } from "@/lib/validations/content";
import { lockProfile } from "./lock-profile";
import { recordProfileChange } from "./record-profile-change";

// Puts a profile's rules in the given order (relays evaluate and report them in it). The list must
// name every rule of the profile exactly once, so a stale list (a rule added meanwhile) is refused.
export async function reorderDlpRules({
  actor,
  input,
}: {
  actor: Actor;
  input: ReorderDlpRulesInput;
}): Promise<{ rules: DlpRule[]; profile: ContentProfile; policyVersion: number | null }> {
  return getDb().transaction(async (tx) => {
    const profile = await lockProfile(tx, input.profileId);
    const rules = await tx
      .select()
      .from(dlpRules)
      .where(eq(dlpRules.profileId, profile.id))
      .orderBy(asc(dlpRules.position), asc(dlpRules.createdAt));
    const known = new Set(rules.map((r) => r.id));
    const listed = new Set(input.ruleIds);
    if (listed.size !== input.ruleIds.length || listed.size !== known.size || rules.some((r) => !listed.has(r.id))) {
      throw invalidFields({ ruleIds: ["List every rule of the profile exactly once"] });
    }
    const before = rules.map((r) => r.id);
    if (before.every((id, i) => id === input.ruleIds[i])) return { rules, profile, policyVersion: null };
    for (const [position, id] of input.ruleIds.entries()) {
      await tx.update(dlpRules).set({ position }).where(eq(dlpRules.id, id));
    }
    const recorded = await recordProfileChange(tx, actor, {
      profile,
      action: "dlp_rule.reorder",
      summary: "rules reordered",
      before: { order: before },
      after: { order: input.ruleIds },
    });
    const byId = new Map(rules.map((r) => [r.id, r]));
    const reordered = input.ruleIds.map((id, position) => ({ ...(byId.get(id) as DlpRule), position }));
    return { rules: reordered, ...recorded };
  });
}
