import { getDb } from "@/db/client";
import type { SenderChangeRequest } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { assertProfileExists } from "@/lib/content/assert-profile-exists";
import { loadDefaultProfiles } from "@/lib/content/profile-defaults";
import { effectiveProfileId } from "@/lib/content/profile-kind";
import { profileChangeWidens } from "@/lib/content/profile-strictness";
import { AppError, parseInput } from "@/lib/errors";
import { fromAddressDomain, mergedSenderSchema, type UpdateSenderInput } from "@/lib/validations/senders";
import { lockPendingChangeRequest, saveChangeRequest } from "./change-requests";
import { currentFields, EDITABLE_FIELDS, type EditableField, relayValues } from "./editable-fields";
import { EDITABLE_STATUSES, FOUR_EYES_STATUSES } from "./lifecycle";
import { lockSender } from "./lock-sender";
import { assertAddressesInDomains, loadSenderDomains, resolveFromDomains } from "./sender-domains";
import { assertNameFree, duplicateNameError, isUniqueViolation } from "./sender-name";
import { type SenderDomainRef, type SenderView, toSenderView } from "./sender-view";
import { changedFields, type RelayField, sameFieldValue, splitEdit } from "./widening";
import { writeSenderFields } from "./write-sender-fields";

// What an edit did: the sender as it is now, the fields that changed at once, and the pending
// change request with the fields that wait for a second person (null when nothing waits).
export interface SenderEdit {
  sender: SenderView;
  applied: EditableField[];
  awaitingApproval: RelayField[];
  changeRequest: SenderChangeRequest | null;
}

// Edits the details of a sender. Only the fields present in the input change (present but empty
// clears an optional one); the result passes the same rules as a registration. The slug stays as
// it was: credentials and logs refer to it.
// Four-eyes: on an approved, active or suspended sender a change that widens what relays let it
// do (a From domain or address, a source network, a higher rate) does not apply; it goes into the
// sender's pending change request for another person to approve. Narrowing and descriptive fields
// apply at once. The edit aims at "the sender as stored + its pending request + the fields this
// edit changes", so re-saving a form that shows the stored values keeps what is pending.
export async function updateSender({
  actor,
  input: patch,
}: {
  actor: Actor;
  input: UpdateSenderInput;
}): Promise<SenderEdit> {
  // A field sent empty is present (as undefined) and clears an optional value; an absent one stays.
  const provided = (field: EditableField) => field in patch;
  try {
    return await getDb().transaction(async (tx) => {
      const sender = await lockSender(tx, patch.senderId);
      if (!EDITABLE_STATUSES.includes(sender.status))
        throw new AppError("conflict", `A ${sender.status} sender can no longer be edited`);
      const fourEyes = FOUR_EYES_STATUSES.includes(sender.status);
      const existing = fourEyes ? await lockPendingChangeRequest(tx, sender.id) : null;
      const beforeDomains = (await loadSenderDomains([sender.id], tx)).get(sender.id) ?? [];
      const current = currentFields(
        sender,
        beforeDomains.map((d) => d.id),
      );
      const touched = (field: EditableField) => provided(field) && !sameFieldValue(patch[field], current[field]);
      const target = { ...current };
      for (const field of EDITABLE_FIELDS) {
        const pending = existing?.changes[field as RelayField];
        if (touched(field)) target[field] = patch[field];
        else if (pending !== undefined) target[field] = pending;
      }
      // Turning a SaaS sender into an internal one drops its vendor unless one is sent explicitly.
      if (provided("kind") && target.kind !== "saas" && !provided("vendor")) target.vendor = undefined;
      // The merged record is a computed value: it must pass the registration rules as a whole.
      const data = parseInput(mergedSenderSchema(target.reviewDate !== current.reviewDate), target);
      const next = {
        ...data,
        vendor: data.kind === "saas" ? (data.vendor ?? null) : null,
        contentProfileId: data.contentProfileId ?? null,
      };

      const targetDomains = sameFieldValue(next.fromDomainIds, current.fromDomainIds)
        ? beforeDomains
        : await resolveFromDomains(next.fromDomainIds, tx);
      assertAddressesInDomains(next.allowedFromAddresses, targetDomains);
      if (!sameFieldValue(next.name, current.name)) await assertNameFree(tx, next.name, sender.id);
      const profileChanged = !sameFieldValue(next.contentProfileId, current.contentProfileId);
      if (profileChanged) await assertProfileExists(tx, next.contentProfileId);
      // A content profile with fewer checks widens what the sender may send (four-eyes).
      let profileWidens = false;
      if (fourEyes && profileChanged) {
        const defaults = await loadDefaultProfiles(tx);
        const before = { kind: sender.kind, contentProfileId: sender.contentProfileId };
        profileWidens = await profileChangeWidens(
          tx,
          effectiveProfileId(before, defaults),
          effectiveProfileId({ kind: next.kind, contentProfileId: next.contentProfileId }, defaults),
        );
      }

      const known = new Map<string, SenderDomainRef>([...beforeDomains, ...targetDomains].map((d) => [d.id, d]));
      const fits = (addresses: string[], domainIds: string[]) => {
        const names = new Set(domainIds.map((id) => known.get(id)?.domain));
        return addresses.every((a) => names.has(fromAddressDomain(a)));
      };
      const { now, pending } = fourEyes
        ? splitEdit(relayValues(current), relayValues(next), fits, profileWidens)
        : { now: relayValues(next), pending: {} };
      const applied = { ...next, ...now };
      const changed = EDITABLE_FIELDS.filter((field) => !sameFieldValue(current[field], applied[field]));

      let updated = sender;
      let domains = beforeDomains;
      if (changed.length) {
        domains = applied.fromDomainIds
          .map((id) => known.get(id))
          .filter((d): d is SenderDomainRef => !!d)
          .sort((a, b) => (a.domain < b.domain ? -1 : 1));
        ({ updated } = await writeSenderFields(tx, actor, {
          sender,
          beforeDomains,
          next: applied,
          domains,
          audit: { action: "sender.update" },
        }));
      }
      const changeRequest = fourEyes
        ? await saveChangeRequest(tx, actor, { sender: updated, existing, changes: pending })
        : null;
      return {
        sender: toSenderView(updated, domains),
        applied: changed,
        awaitingApproval: changeRequest ? changedFields(changeRequest.changes) : [],
        changeRequest,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError(patch.name ?? "");
    throw error;
  }
}
