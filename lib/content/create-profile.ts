import { getDb } from "@/db/client";
import { type ContentProfile, contentProfiles } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { CreateContentProfileInput } from "@/lib/validations/content";
import { assertAcceptConfirmed, syncAcceptUnscannedAlert } from "./accept-unscanned";
import { profileAuditSnapshot } from "./profile-audit";
import { defaultKindsOf, releaseDefaults } from "./profile-defaults";
import { rethrowDuplicateName } from "./profile-name";

// A new profile, without DLP rules yet. Made the default for a kind, it takes the flag from the
// profile that held it in the same transaction. Audited, and the policy version bumped (relays
// carry every profile).
export async function createContentProfile({
  actor,
  input,
}: {
  actor: Actor;
  input: CreateContentProfileInput;
}): Promise<{ profile: ContentProfile; policyVersion: number }> {
  const { confirmAcceptUnscanned, ...fields } = input;
  assertAcceptConfirmed(fields.onScannerFailure, null, confirmAcceptUnscanned);
  try {
    return await getDb().transaction(async (tx) => {
      const moved = await releaseDefaults(tx, null, defaultKindsOf(fields));
      const [profile] = await tx
        .insert(contentProfiles)
        .values({ ...fields, createdBy: actor.kind === "user" ? actor.id : null })
        .returning();
      const policyVersion = await bumpPolicyVersion(tx, actor, `content profile ${profile.name} created`);
      await writeAudit(tx, actor, {
        action: "content_profile.create",
        targetType: "content_profile",
        targetId: profile.id,
        after: { ...profileAuditSnapshot(profile), movedDefaults: moved, policyVersion },
      });
      await syncAcceptUnscannedAlert(tx, profile);
      return { profile, policyVersion };
    });
  } catch (error) {
    rethrowDuplicateName(error, fields.name);
  }
}
