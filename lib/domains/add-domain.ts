import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { isUniqueViolation } from "@/lib/server/db-errors";
import type { AddDomainInput } from "@/lib/validations/domains";
import { toUnicodeDomain } from "@/lib/validations/network";
import { generateDkimKeyPair } from "./dkim-keypair";
import { type DkimKeyView, type DomainView, domainAuditView, keyAuditView, toDkimKeyView } from "./domain-view";
import { insertDkimKey } from "./insert-dkim-key";

export interface AddedDomain {
  domain: DomainView;
  key: DkimKeyView;
  policyVersion: number;
}

function duplicate(domain: string): AppError {
  return new AppError("conflict", `The domain ${toUnicodeDomain(domain)} is already registered`, {
    domain: ["Already registered"],
  });
}

// Registers a sending domain with its first DKIM key (active), in one transaction.
export async function addDomain({ actor, input: data }: { actor: Actor; input: AddDomainInput }): Promise<AddedDomain> {
  // Before the transaction: key generation is CPU work that must not hold locks.
  const pair = await generateDkimKeyPair({ algorithm: data.algorithm, bits: data.bits });
  try {
    return await getDb().transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: sendingDomains.id })
        .from(sendingDomains)
        .where(eq(sendingDomains.domain, data.domain));
      if (existing) throw duplicate(data.domain);
      const [domain] = await tx
        .insert(sendingDomains)
        .values({
          domain: data.domain,
          displayName: toUnicodeDomain(data.domain),
          dmarcReportEmail: data.dmarcReportEmail ?? null,
          createdBy: actor.id,
        })
        .returning();
      const key = await insertDkimKey(tx, { domain, pair, selector: data.selector, status: "active", actor });
      const policyVersion = await bumpPolicyVersion(tx, actor, `sending domain ${domain.domain} added`);
      await writeAudit(tx, actor, {
        action: "domain.add",
        targetType: "sending_domain",
        targetId: domain.id,
        after: domainAuditView(domain),
      });
      await writeAudit(tx, actor, {
        action: "dkim_key.generate",
        targetType: "dkim_key",
        targetId: key.id,
        after: keyAuditView(key),
      });
      return { domain, key: toDkimKeyView(key), policyVersion };
    });
  } catch (error) {
    // Two concurrent adds of one name: the unique index decides, the loser gets the same answer.
    if (isUniqueViolation(error)) throw duplicate(data.domain);
    throw error;
  }
}
