import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dkimKeys } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { GenerateDkimKeyInput } from "@/lib/validations/domains";
import { generateDkimKeyPair } from "./dkim-keypair";
import { assertDomainActive, findDomainOrThrow, lockDomain } from "./domain-lock";
import { type DkimKeyView, keyAuditView, toDkimKeyView } from "./domain-view";
import { insertDkimKey } from "./insert-dkim-key";

export interface GeneratedDkimKey {
  key: DkimKeyView;
  // True when the domain had no active key, so this one signs at once; otherwise it is staged
  // (status "published", no retireAfter): publish its DNS record, then activate it by rotating.
  activated: boolean;
  policyVersion: number;
}

export async function generateDkimKey({
  actor,
  input: data,
}: {
  actor: Actor;
  input: GenerateDkimKeyInput;
}): Promise<GeneratedDkimKey> {
  assertDomainActive(await findDomainOrThrow(data.domainId));
  const pair = await generateDkimKeyPair({ algorithm: data.algorithm, bits: data.bits });
  return getDb().transaction(async (tx) => {
    const domain = await lockDomain(tx, data.domainId);
    assertDomainActive(domain);
    const [active] = await tx
      .select({ id: dkimKeys.id })
      .from(dkimKeys)
      .where(and(eq(dkimKeys.domainId, domain.id), eq(dkimKeys.status, "active")));
    const key = await insertDkimKey(tx, {
      domain,
      pair,
      selector: data.selector,
      status: active ? "published" : "active",
      actor,
    });
    const policyVersion = await bumpPolicyVersion(tx, actor, `DKIM key ${key.selector} generated for ${domain.domain}`);
    await writeAudit(tx, actor, {
      action: "dkim_key.generate",
      targetType: "dkim_key",
      targetId: key.id,
      after: { ...keyAuditView(key), staged: !!active },
    });
    return { key: toDkimKeyView(key), activated: !active, policyVersion };
  });
}
