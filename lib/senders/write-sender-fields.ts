import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type Sender, senderDomains, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { SenderFields } from "@/lib/validations/senders";
import { RELAY_VISIBLE_STATUSES } from "./lifecycle";
import { type SenderDomainRef, senderAuditSnapshot } from "./sender-view";
import { RELAY_FIELDS, sameFieldValue } from "./widening";

export interface SenderWrite {
  sender: Sender;
  beforeDomains: SenderDomainRef[];
  // Every editable field as it is to be stored, and the From domains it names.
  next: Omit<SenderFields, "vendor" | "contentProfileId"> & { vendor: string | null; contentProfileId: string | null };
  domains: SenderDomainRef[];
  // The audit entry: its action and reason, and extra facts for its "after".
  audit: { action: string; reason?: string | null; after?: Record<string, unknown> };
}

// Stores a sender's fields, bumps its revision (so a decision naming an older one fails), bumps
// the policy version when relays see the change, and writes the audit entry with what changed.
export async function writeSenderFields(
  tx: Tx,
  actor: Actor,
  { sender, beforeDomains, next, domains, audit }: SenderWrite,
) {
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
      contentProfileId: next.contentProfileId ?? null,
      revision: sender.revision + 1,
      updatedAt: new Date(),
    })
    .where(eq(senders.id, sender.id))
    .returning();
  const domainsChanged = !sameFieldValue(
    beforeDomains.map((d) => d.id),
    domains.map((d) => d.id),
  );
  if (domainsChanged) {
    await tx.delete(senderDomains).where(eq(senderDomains.senderId, sender.id));
    await tx.insert(senderDomains).values(domains.map((d) => ({ senderId: sender.id, domainId: d.id })));
  }

  const relayChanges = RELAY_FIELDS.filter((field) =>
    field === "fromDomainIds" ? domainsChanged : !sameFieldValue(sender[field], updated[field]),
  );
  const policyVersion =
    RELAY_VISIBLE_STATUSES.includes(sender.status) && relayChanges.length
      ? await bumpPolicyVersion(tx, actor, `Sender ${updated.name} changed: ${relayChanges.join(", ")}`)
      : null;

  const before = senderAuditSnapshot(sender, beforeDomains);
  const after = senderAuditSnapshot(updated, domains);
  const keys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => !sameFieldValue(before[k], after[k]));
  await writeAudit(tx, actor, {
    action: audit.action,
    targetType: "sender",
    targetId: sender.id,
    reason: audit.reason ?? null,
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: {
      ...Object.fromEntries(keys.map((k) => [k, after[k]])),
      ...audit.after,
      ...(policyVersion ? { policyVersion } : {}),
    },
  });
  return { updated, policyVersion };
}
