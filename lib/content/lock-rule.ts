import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type DlpRule, dlpRules } from "@/db/schema";
import { AppError } from "@/lib/errors";

// A rule of the profile (the caller holds the profile's lock): a rule of another profile is not found.
export async function findRule(tx: Tx, profileId: string, ruleId: string): Promise<DlpRule> {
  const [rule] = await tx
    .select()
    .from(dlpRules)
    .where(and(eq(dlpRules.id, ruleId), eq(dlpRules.profileId, profileId)));
  if (!rule) throw new AppError("not_found", "No such DLP rule in this profile");
  return rule;
}
