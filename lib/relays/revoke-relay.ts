import { eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { type Relay, relays } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { RevokeRelayInput } from "@/lib/validations/relays";
import { forgetAuthenticatedRelays } from "./authenticate-relay";

export async function lockRelay(tx: Tx, relayId: string): Promise<Relay> {
  const [relay] = await tx.select().from(relays).where(eq(relays.id, relayId)).for("update");
  if (!relay) throw new AppError("not_found", "No such relay");
  return relay;
}

// Marks the relay revoked; the caller bumps the policy version in the same transaction.
export async function markRelayRevoked(tx: Tx, actor: Actor, relayId: string): Promise<void> {
  await tx
    .update(relays)
    .set({ status: "revoked", revokedAt: new Date(), revokedBy: actor.kind === "user" ? actor.id : null })
    .where(eq(relays.id, relayId));
}

// A revoked relay's token is refused from its next request on (401): the policy version is bumped
// so every app instance forgets the relays it had authenticated (lib/relays/authenticate-relay.ts).
export async function revokeRelay({ actor, input }: { actor: Actor; input: RevokeRelayInput }): Promise<void> {
  const { relayId, reason } = input;
  await getDb().transaction(async (tx) => {
    const relay = await lockRelay(tx, relayId);
    if (relay.status === "revoked") throw new AppError("conflict", "This relay is already revoked");
    await markRelayRevoked(tx, actor, relayId);
    await bumpPolicyVersion(tx, actor, `relay ${relay.name} revoked`);
    await writeAudit(tx, actor, {
      action: "relay.revoke",
      targetType: "relay",
      targetId: relayId,
      reason,
      before: { name: relay.name, status: relay.status },
    });
  });
  forgetAuthenticatedRelays();
}
