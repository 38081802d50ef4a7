import { getDb } from "@/db/client";
import { senderDomains, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { assertProfileExists } from "@/lib/content/assert-profile-exists";
import type { CreateSenderInput } from "@/lib/validations/senders";
import { assertAddressesInDomains, resolveFromDomains } from "./sender-domains";
import { assertNameFree, duplicateNameError, isUniqueViolation, uniqueSlug } from "./sender-name";
import { type SenderView, senderAuditSnapshot, toSenderView } from "./sender-view";

// A registration is a request: status "requested", waiting for someone else to approve it. Nothing
// reaches relays until the sender is approved and activated, so the policy version is untouched.
export async function registerSender({
  actor,
  input: data,
}: {
  actor: Actor;
  input: CreateSenderInput;
}): Promise<SenderView> {
  try {
    return await getDb().transaction(async (tx) => {
      const domains = await resolveFromDomains(data.fromDomainIds, tx);
      assertAddressesInDomains(data.allowedFromAddresses, domains);
      await assertNameFree(tx, data.name);
      await assertProfileExists(tx, data.contentProfileId);
      const [sender] = await tx
        .insert(senders)
        .values({
          name: data.name,
          slug: await uniqueSlug(tx, data.name),
          kind: data.kind,
          vendor: data.kind === "saas" ? data.vendor : null,
          ownerTeam: data.ownerTeam,
          contactEmail: data.contactEmail,
          purpose: data.purpose,
          allowedFromAddresses: data.allowedFromAddresses,
          allowedCidrs: data.allowedCidrs,
          rateLimitPerMinute: data.rateLimitPerMinute,
          rateLimitPerDay: data.rateLimitPerDay,
          reviewDate: data.reviewDate,
          contentProfileId: data.contentProfileId ?? null,
          status: "requested",
          requestedBy: actor.kind === "user" ? actor.id : null,
        })
        .returning();
      await tx.insert(senderDomains).values(domains.map((d) => ({ senderId: sender.id, domainId: d.id })));
      await writeAudit(tx, actor, {
        action: "sender.register",
        targetType: "sender",
        targetId: sender.id,
        after: senderAuditSnapshot(sender, domains),
      });
      return toSenderView(sender, domains);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError(data.name);
    throw error;
  }
}
