import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type ContentProfile, contentProfiles } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";

export interface ProfileChange {
  // The profile as locked before the change.
  profile: ContentProfile;
  // Fields of the profile row to store with the change (none for a change of its rules).
  set?: Partial<typeof contentProfiles.$inferInsert>;
  action: string;
  // For the policy version's reason: "rule Card numbers added".
  summary: string;
  before?: unknown;
  after?: Record<string, unknown>;
}

// Every change of a profile or its rules ends here, inside its transaction: the profile's
// revision goes up, the policy version is bumped (relays wake within a second) and the change is
// audited, all committed together or not at all.
export async function recordProfileChange(
  tx: Tx,
  actor: Actor,
  { profile, set, action, summary, before, after }: ProfileChange,
): Promise<{ profile: ContentProfile; policyVersion: number }> {
  const [updated] = await tx
    .update(contentProfiles)
    .set({ ...set, revision: profile.revision + 1, updatedAt: new Date() })
    .where(eq(contentProfiles.id, profile.id))
    .returning();
  const policyVersion = await bumpPolicyVersion(tx, actor, `content profile ${updated.name}: ${summary}`);
  await writeAudit(tx, actor, {
    action,
    targetType: "content_profile",
    targetId: profile.id,
    before: before ?? null,
    after: { ...after, revision: updated.revision, policyVersion },
  });
  return { profile: updated, policyVersion };
}
