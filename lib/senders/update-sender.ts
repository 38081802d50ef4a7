import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Sender, senderDomains, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { mergedSenderSchema, parseSenderInput, updateSenderSchema } from "@/lib/validations/senders";
import { EDITABLE_STATUSES, RELAY_VISIBLE_STATUSES } from "./lifecycle";
import { lockSender } from "./lock-sender";
import { assertAddressesInDomains, loadSenderDomains, resolveFromDomains } from "./sender-domains";
import { assertNameFree, duplicateNameError, isUniqueViolation } from "./sender-name";
import { type SenderView, senderAuditSnapshot, toSenderView } from "./sender-view";

const EDITABLE_FIELDS = [
  "name",
  "kind",
  "vendor",
  "ownerTeam",
  "contactEmail",
  "purpose",
  "fromDomainIds",
  "allowedFromAddresses",
  "allowedCidrs",
  "rateLimitPerMinute",
  "rateLimitPerDay",
  "reviewDate",
] as const;
type EditableField = (typeof EDITABLE_FIELDS)[number];

// Changing one of these on a sender the relays carry changes what they enforce.
const RELAY_FIELDS: readonly EditableField[] = ["fromDomainIds", "allowedFromAddresses", "allowedCidrs", "rateLimitPerMinute", "rateLimitPerDay"];

function currentFields(sender: Sender, domainIds: string[]): Record<EditableField, unknown> {
  return {
    name: sender.name,
    kind: sender.kind,
    vendor: sender.vendor,
    ownerTeam: sender.ownerTeam,
    contactEmail: sender.contactEmail,
    purpose: sender.purpose,
    fromDomainIds: domainIds,
    allowedFromAddresses: sender.allowedFromAddresses,
    allowedCidrs: sender.allowedCidrs,
    rateLimitPerMinute: sender.rateLimitPerMinute,
    rateLimitPerDay: sender.rateLimitPerDay,
    reviewDate: sender.reviewDate,
  };
}

// Lists compare as sets: reordering the same networks is not a change.
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
  return (a ?? null) === (b ?? null);
}

// Edits the details of a sender. Only the fields present in the input change (present but empty
// clears an optional one); the merged result passes the same rules as a registration. The slug
// stays as it was: credentials and logs refer to it.
export async function updateSender({ actor, input }: { actor: Actor; input: unknown }): Promise<SenderView> {
  const patch = parseSenderInput(updateSenderSchema, input);
  const provided = (field: EditableField) => typeof input === "object" && input !== null && field in input;
  try {
    return await getDb().transaction(async (tx) => {
      const sender = await lockSender(tx, patch.senderId);
      if (!EDITABLE_STATUSES.includes(sender.status)) throw new AppError("conflict", `A ${sender.status} sender can no longer be edited`);
      const beforeDomains = (await loadSenderDomains([sender.id], tx)).get(sender.id) ?? [];
      const current = currentFields(sender, beforeDomains.map((d) => d.id));
      const merged = { ...current };
      for (const field of EDITABLE_FIELDS) if (provided(field)) merged[field] = patch[field];
      // Turning a SaaS sender into an internal one drops its vendor unless one is sent explicitly.
      if (provided("kind") && merged.kind !== "saas" && !provided("vendor")) merged.vendor = undefined;
      const data = parseSenderInput(mergedSenderSchema(merged.reviewDate !== current.reviewDate), merged);
      const vendor = data.kind === "saas" ? (data.vendor ?? null) : null;
      const next = { ...data, vendor };

      const changed = EDITABLE_FIELDS.filter((field) => !sameValue(current[field], next[field]));
      if (changed.length === 0) return toSenderView(sender, beforeDomains);

      const domains = changed.includes("fromDomainIds") || changed.includes("allowedFromAddresses") ? await resolveFromDomains(next.fromDomainIds, tx) : beforeDomains;
      assertAddressesInDomains(next.allowedFromAddresses, domains);
      if (changed.includes("name")) await assertNameFree(tx, next.name, sender.id);

      const [updated] = await tx
        .update(senders)
        .set({
          name: next.name,
          kind: next.kind,
          vendor: next.vendor,
          ownerTeam: next.ownerTeam,
          contactEmail: next.contactEmail,
          purpose: next.purpose,
          allowedFromAddresses: next.allowedFromAddresses,
          allowedCidrs: next.allowedCidrs,
          rateLimitPerMinute: next.rateLimitPerMinute,
          rateLimitPerDay: next.rateLimitPerDay,
          reviewDate: next.reviewDate,
          updatedAt: new Date(),
        })
        .where(eq(senders.id, sender.id))
        .returning();
      if (changed.includes("fromDomainIds")) {
        await tx.delete(senderDomains).where(eq(senderDomains.senderId, sender.id));
        await tx.insert(senderDomains).values(domains.map((d) => ({ senderId: sender.id, domainId: d.id })));
      }

      const relayChanges = changed.filter((field) => RELAY_FIELDS.includes(field));
      const policyVersion =
        RELAY_VISIBLE_STATUSES.includes(sender.status) && relayChanges.length
          ? await bumpPolicyVersion(tx, actor, `Sender ${updated.name} changed: ${relayChanges.join(", ")}`)
          : null;

      const before = senderAuditSnapshot(sender, beforeDomains);
      const after = senderAuditSnapshot(updated, domains);
      const keys = Object.keys(after).filter((k) => !sameValue(before[k as keyof typeof before], after[k as keyof typeof after])) as (keyof typeof after)[];
      await writeAudit(tx, actor, {
        action: "sender.update",
        targetType: "sender",
        targetId: sender.id,
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: { ...Object.fromEntries(keys.map((k) => [k, after[k]])), ...(policyVersion ? { policyVersion } : {}) },
      });
      return toSenderView(updated, domains);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError(String((input as { name?: unknown }).name ?? ""));
    throw error;
  }
}
