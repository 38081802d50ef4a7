import { getDb } from "@/db/client";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { type DkimKeyPair, generateDkimKeyPair } from "@/lib/domains/dkim-keypair";
import { lockDomain } from "@/lib/domains/domain-lock";
import { rotateDkimKeyInTx } from "@/lib/domains/rotate-dkim-key";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { getSetting } from "@/lib/settings/settings";
import type { RevokeRelayAndRotateKeysInput } from "@/lib/validations/relays";
import { forgetAuthenticatedRelays } from "./authenticate-relay";
import { type HeldSigningKey, heldSigningKeys } from "./held-signing-keys";
import { lockRelay, markRelayRevoked } from "./revoke-relay";

export interface RotatedHeldKey {
  domain: string;
  previousKeyId: string;
  previousSelector: string;
  keyId: string;
  selector: string;
}

export interface RevokedRelayAndRotatedKeys {
  relayId: string;
  // False when the relay had been revoked before: only its keys were rotated now.
  revokedNow: boolean;
  rotated: RotatedHeldKey[];
  overlapDays: number;
  policyVersion: number;
}

const pairKey = (k: Pick<HeldSigningKey, "algorithm" | "bits">) => `${k.algorithm}/${k.bits ?? ""}`;

// A relay that may be compromised: its token is refused from its next request on, and every
// DKIM key it was handed that still signs is replaced (same algorithm and size, a new selector;
// the old key stays published for the overlap, or is retired at once with 0), all in one
// transaction and one policy version: the version that refuses the relay carries the new keys.
export async function revokeRelayAndRotateKeys({
  actor,
  input,
}: {
  actor: Actor;
  input: RevokeRelayAndRotateKeysInput;
}): Promise<RevokedRelayAndRotatedKeys> {
  // The entry points check relays:manage; rotating keys also needs domains:manage.
  if (actor.kind !== "system" && !can(actor.role, "domains:manage"))
    throw new AppError("forbidden", `Your role (${actor.role ?? "none"}) may not rotate DKIM keys (domains:manage).`);
  const overlapDays = input.overlapDays ?? (await getSetting("dkim.defaultOverlapDays"));
  // Key generation (RSA: tens of ms each) happens before the transaction, for the keys held now.
  const pairs = new Map<string, DkimKeyPair>();
  for (const key of await heldSigningKeys(getDb(), input.relayId)) pairs.set(key.keyId, await generateDkimKeyPair(key));
  const result = await getDb().transaction(async (tx) => {
    const relay = await lockRelay(tx, input.relayId);
    if (input.confirmName !== relay.name)
      throw new AppError("validation_failed", `Type the relay's name (${relay.name}) to confirm`, {
        confirmName: [`Type ${relay.name} to confirm`],
      });
    const revokedNow = relay.status !== "revoked";
    // Lock the held keys' domains (in id order), then read the keys again: now they cannot change.
    for (const domainId of new Set((await heldSigningKeys(tx, relay.id)).map((k) => k.domainId)))
      await lockDomain(tx, domainId);
    const held = await heldSigningKeys(tx, relay.id);
    if (!revokedNow && held.length === 0)
      throw new AppError("conflict", `Relay ${relay.name} is already revoked and holds no key that still signs`);
    if (revokedNow) await markRelayRevoked(tx, actor, relay.id);
    const rotated: RotatedHeldKey[] = [];
    for (const key of held) {
      const domain = await lockDomain(tx, key.domainId);
      const prepared = pairs.get(key.keyId);
      const pair = prepared && pairKey(prepared) === pairKey(key) ? prepared : await generateDkimKeyPair(key);
      const { key: next } = await rotateDkimKeyInTx(tx, actor, { domain, pair, overlapDays });
      rotated.push({
        domain: key.domain,
        previousKeyId: key.keyId,
        previousSelector: key.selector,
        keyId: next.id,
        selector: next.selector,
      });
    }
    const policyVersion = await bumpPolicyVersion(
      tx,
      actor,
      `relay ${relay.name} ${revokedNow ? "revoked" : "(revoked)"}: ${rotated.length} DKIM key(s) it held rotated`,
    );
    await writeAudit(tx, actor, {
      action: "relay.revoke_and_rotate",
      targetType: "relay",
      targetId: relay.id,
      reason: input.reason,
      before: { name: relay.name, status: relay.status },
      after: { status: "revoked", revokedNow, overlapDays, policyVersion, rotatedKeys: rotated },
    });
    return { relayId: relay.id, revokedNow, rotated, overlapDays, policyVersion };
  });
  forgetAuthenticatedRelays();
  return result;
}
