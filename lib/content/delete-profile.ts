import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { contentProfiles, dlpRules } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { DeleteContentProfileInput } from "@/lib/validations/content";
import { syncAcceptUnscannedAlert } from "./accept-unscanned";
import { PROFILE_KIND_LABELS } from "./labels";
import { lockProfile } from "./lock-profile";
import { profileAuditSnapshot, ruleAuditSnapshot } from "./profile-audit";
import { defaultKindsOf } from "./profile-defaults";
import { sendersNamingProfile } from "./profile-users";

const NAMED_SENDERS = 5;

// Deletes a profile and its rules. Refused (409) while it is a default (another profile must take
// that over first) or while a sender that is not retired names it (the message names them).
export async function deleteContentProfile({
  actor,
  input,
}: {
  actor: Actor;
  input: DeleteContentProfileInput;
}): Promise<{ deleted: { id: string; name: string }; policyVersion: number }> {
  return getDb().transaction(async (tx) => {
    const profile = await lockProfile(tx, input.profileId);
    const kinds = defaultKindsOf(profile);
    if (kinds.length) {
      throw new AppError(
        "conflict",
        `${profile.name} is the default profile for ${kinds.map((k) => PROFILE_KIND_LABELS[k]).join(" and ")}: ` +
          "make another profile the default before deleting it",
      );
    }
    const users = await sendersNamingProfile(tx, profile.id);
    if (users.length) {
      const named = users.slice(0, NAMED_SENDERS).map((s) => s.name);
      const more = users.length > NAMED_SENDERS ? ` and ${users.length - NAMED_SENDERS} more` : "";
      throw new AppError(
        "conflict",
        `${profile.name} is in use by ${users.length === 1 ? "sender" : `${users.length} senders`}: ` +
          `${named.join(", ")}${more}. Choose another content profile for ${users.length === 1 ? "it" : "them"} first.`,
      );
    }
    const rules = await tx
      .select()
      .from(dlpRules)
      .where(eq(dlpRules.profileId, profile.id))
      .orderBy(asc(dlpRules.position));
    await tx.delete(contentProfiles).where(eq(contentProfiles.id, profile.id));
    const policyVersion = await bumpPolicyVersion(tx, actor, `content profile ${profile.name} deleted`);
    await writeAudit(tx, actor, {
      action: "content_profile.delete",
      targetType: "content_profile",
      targetId: profile.id,
      before: { ...profileAuditSnapshot(profile), revision: profile.revision, rules: rules.map(ruleAuditSnapshot) },
      after: { policyVersion },
    });
    await syncAcceptUnscannedAlert(tx, { id: profile.id, deleted: true });
    return { deleted: { id: profile.id, name: profile.name }, policyVersion };
  });
}
