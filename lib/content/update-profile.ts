import { getDb } from "@/db/client";
import type { ContentProfile } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import type { UpdateContentProfileInput } from "@/lib/validations/content";
import { assertAcceptConfirmed, syncAcceptUnscannedAlert } from "./accept-unscanned";
import { lockProfile } from "./lock-profile";
import { changedFields, profileAuditSnapshot } from "./profile-audit";
import { assertKeepsDefaults, defaultKindsOf, releaseDefaults } from "./profile-defaults";
import { rethrowDuplicateName } from "./profile-name";
import { recordProfileChange } from "./record-profile-change";

const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export interface ProfileEdit {
  profile: ContentProfile;
  // The fields that changed; none (and no new policy version) when the edit changed nothing.
  changed: string[];
  policyVersion: number | null;
}

// Edits a profile's settings: only the fields sent change (attachment rules field by field).
// Making it the default for a kind moves the flag from the profile that held it, in the same
// transaction; switching a default off is refused (another profile must take it). Switching to
// "accept unscanned" needs the confirmation and raises a warning alert.
export async function updateContentProfile({
  actor,
  input,
}: {
  actor: Actor;
  input: UpdateContentProfileInput;
}): Promise<ProfileEdit> {
  const { profileId, confirmAcceptUnscanned, attachmentRules, ...patch } = input;
  try {
    return await getDb().transaction(async (tx) => {
      const profile = await lockProfile(tx, profileId);
      const next: ContentProfile = {
        ...profile,
        ...definedOnly(patch),
        attachmentRules: { ...profile.attachmentRules, ...definedOnly(attachmentRules ?? {}) },
      };
      assertAcceptConfirmed(next.onScannerFailure, profile.onScannerFailure, confirmAcceptUnscanned);
      assertKeepsDefaults(profile, next);
      const diff = changedFields(profileAuditSnapshot(profile), profileAuditSnapshot(next));
      if (diff.keys.length === 0) return { profile, changed: [], policyVersion: null };

      const taken = defaultKindsOf(next).filter((kind) => !defaultKindsOf(profile).includes(kind));
      const movedDefaults = await releaseDefaults(tx, profile.id, taken);
      const { profile: updated, policyVersion } = await recordProfileChange(tx, actor, {
        profile,
        set: profileAuditSnapshot(next),
        action: "content_profile.update",
        summary: `${diff.keys.join(", ")} changed`,
        before: diff.before,
        after: { ...diff.after, ...(movedDefaults.length ? { movedDefaults } : {}) },
      });
      await syncAcceptUnscannedAlert(tx, updated);
      return { profile: updated, changed: diff.keys as string[], policyVersion };
    });
  } catch (error) {
    rethrowDuplicateName(error, patch.name);
  }
}
