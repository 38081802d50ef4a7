import { asc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { dlpRules } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { DlpSample } from "@/lib/validations/content";
import { dryRun } from "@/relay/plugin/lib/content/dlp";
import { type PolicyDlpRule, toPolicyRule } from "./policy-rules";

export type DlpDryRun = ReturnType<typeof dryRun>;

// Same bound as a relay gives one message's custom expressions together.
const DRY_RUN_TIME_BUDGET_MS = 50;

export type DryRunSource = { profileId: string; includeDisabled?: boolean } | { rules: PolicyDlpRule[] };

// Which rules match a pasted sample and where, every match redacted, computed by the relay's own
// engine (relay/plugin/lib/content/dlp.js dryRun), so the dry run and the relay cannot disagree.
// The sample is read-only input: never logged, stored or audited.
export async function dryRunDlp(
  { sample, ...source }: DryRunSource & { sample: DlpSample },
  db: Executor = getDb(),
): Promise<DlpDryRun> {
  const rules = "rules" in source ? source.rules : await profileRules(db, source.profileId, source.includeDisabled);
  return dryRun(rules, sample, { timeBudgetMs: DRY_RUN_TIME_BUDGET_MS });
}

async function profileRules(db: Executor, profileId: string, includeDisabled = false): Promise<PolicyDlpRule[]> {
  const profile = await db.query.contentProfiles.findFirst({ where: (p, { eq }) => eq(p.id, profileId) });
  if (!profile) throw new AppError("not_found", "No such content profile");
  const rules = await db
    .select()
    .from(dlpRules)
    .where(eq(dlpRules.profileId, profileId))
    .orderBy(asc(dlpRules.position), asc(dlpRules.createdAt));
  return rules.filter((r) => includeDisabled || r.enabled).map(toPolicyRule);
}
