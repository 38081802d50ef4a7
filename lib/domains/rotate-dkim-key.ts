import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { getDb } from "@/db/client";
import { type DkimKey, dkimKeys, type SendingDomain } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { getSetting } from "@/lib/settings/settings";
import type { RotateDkimKeyInput } from "@/lib/validations/domains";
import { type DkimKeyPair, generateDkimKeyPair } from "./dkim-keypair";
import { assertDomainActive, findDomainOrThrow, lockDomain } from "./domain-lock";
import { type DkimKeyView, keyAuditView, toDkimKeyView } from "./domain-view";
import { insertDkimKey } from "./insert-dkim-key";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RotatedDkimKey {
  key: DkimKeyView;
  previous: DkimKeyView | null;
  overlapDays: number;
  policyVersion: number;
}

// A staged key: generated while another key was active, published in DNS, not yet signing.
async function lockStagedKey(tx: Tx, domain: SendingDomain, keyId: string): Promise<DkimKey> {
  const [key] = await tx
    .select()
    .from(dkimKeys)
    .where(and(eq(dkimKeys.id, keyId), eq(dkimKeys.domainId, domain.id)))
    .for("update");
  if (!key)
    throw new AppError("not_found", `No such key on ${domain.displayName}`, { keyId: ["No such key on this domain"] });
  if (key.status !== "published" || key.retireAfter) {
    throw new AppError("conflict", `Key ${key.selector} is not a staged key and cannot be activated`, {
      keyId: ["Only a staged key can be activated"],
    });
  }
  const [activated] = await tx.update(dkimKeys).set({ status: "active" }).where(eq(dkimKeys.id, key.id)).returning();
  return activated;
}

export interface KeyRotationInTx {
  // The domain, locked by the caller (lockDomain) and active.
  domain: SendingDomain;
  // A fresh pair to store, or a staged key to activate.
  pair: DkimKeyPair | null;
  keyId?: string;
  selector?: string;
  overlapDays: number;
}

// One rotation inside the caller's transaction, with its audit entry; the caller bumps the policy
// version (once, however many domains it rotates).
export async function rotateDkimKeyInTx(
  tx: Tx,
  actor: Actor,
  { domain, pair, keyId, selector, overlapDays }: KeyRotationInTx,
): Promise<Omit<RotatedDkimKey, "policyVersion">> {
  const [current] = await tx
    .select()
    .from(dkimKeys)
    .where(and(eq(dkimKeys.domainId, domain.id), eq(dkimKeys.status, "active")))
    .for("update");
  let previous: DkimKey | null = null;
  const now = new Date();
  if (current) {
    const retireNow = overlapDays === 0;
    [previous] = await tx
      .update(dkimKeys)
      .set({
        status: retireNow ? "retired" : "published",
        retireAfter: new Date(now.getTime() + overlapDays * DAY_MS),
        retiredAt: retireNow ? now : null,
      })
      .where(eq(dkimKeys.id, current.id))
      .returning();
  }
  const key = pair
    ? await insertDkimKey(tx, { domain, pair, selector, status: "active", actor })
    : await lockStagedKey(tx, domain, keyId!);
  await writeAudit(tx, actor, {
    action: "dkim_key.rotate",
    targetType: "sending_domain",
    targetId: domain.id,
    before: { activeSelector: current?.selector ?? null },
    after: {
      activeSelector: key.selector,
      newKey: keyAuditView(key),
      previousKey: previous ? keyAuditView(previous) : null,
      overlapDays,
    },
  });
  return { key: toDkimKeyView(key), previous: previous ? toDkimKeyView(previous) : null, overlapDays };
}

// The new key (a fresh one, or a staged one given by keyId) becomes active; the previous active
// key stays published for the overlap, so mail signed with it still verifies, then is retired.
// An overlap of 0 days retires it at once (a compromised key).
export async function rotateDkimKey({
  actor,
  input: data,
}: {
  actor: Actor;
  input: RotateDkimKeyInput;
}): Promise<RotatedDkimKey> {
  const overlapDays = data.overlapDays ?? (await getSetting("dkim.defaultOverlapDays"));
  assertDomainActive(await findDomainOrThrow(data.domainId));
  const pair: DkimKeyPair | null = data.keyId
    ? null
    : await generateDkimKeyPair({ algorithm: data.algorithm, bits: data.bits });
  return getDb().transaction(async (tx) => {
    const domain = await lockDomain(tx, data.domainId);
    assertDomainActive(domain);
    const rotated = await rotateDkimKeyInTx(tx, actor, {
      domain,
      pair,
      keyId: data.keyId,
      selector: data.selector,
      overlapDays,
    });
    const policyVersion = await bumpPolicyVersion(
      tx,
      actor,
      `DKIM key of ${domain.domain} rotated to ${rotated.key.selector}`,
    );
    return { ...rotated, policyVersion };
  });
}
