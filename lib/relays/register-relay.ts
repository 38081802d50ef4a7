import { and, count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dkimKeys, relays, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { generateToken, tokenHint, tokenVerifier } from "@/lib/server/secrets/token-format";
import type { RegisterRelayInput } from "@/lib/validations/relays";
import { type RelayView, toRelayView } from "./relay-view";

// A relay's first poll hands it every active DKIM private key, so only an admin registers one
// (checked here too, whatever the entry point); the host CLI acts as the system (shell access to
// the host already means access to the deployment secret).
function assertMayRegister(actor: Actor): void {
  if (actor.kind === "system") return;
  if (!can(actor.role, "relays:register")) {
    throw new AppError(
      "forbidden",
      `Your role (${actor.role ?? "none"}) does not allow registering a relay (relays:register): a relay receives every DKIM private key.`,
    );
  }
}

// Registers a relay node and returns its bearer token, once; only the verifier is stored.
export async function registerRelay({
  actor,
  input,
}: {
  actor: Actor;
  input: RegisterRelayInput;
}): Promise<{ relay: RelayView; token: string }> {
  assertMayRegister(actor);
  const { name } = input;
  const token = generateToken("relay");
  const { prefix, last4 } = tokenHint(token);
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ id: relays.id }).from(relays).where(eq(relays.name, name));
    if (existing) throw new AppError("conflict", `A relay named ${name} already exists`, { name: ["Already in use"] });
    const [relay] = await tx
      .insert(relays)
      .values({
        name,
        tokenPrefix: prefix,
        tokenLast4: last4,
        verifier: tokenVerifier(token),
        createdBy: actor.kind === "user" ? actor.id : null,
      })
      .returning();
    // The audit says what the token unlocks: the signing keys its first poll will carry.
    const [{ keys }] = await tx
      .select({ keys: count() })
      .from(dkimKeys)
      .innerJoin(sendingDomains, eq(sendingDomains.id, dkimKeys.domainId))
      .where(and(eq(dkimKeys.status, "active"), eq(sendingDomains.status, "active")));
    await writeAudit(tx, actor, {
      action: "relay.register",
      targetType: "relay",
      targetId: relay.id,
      after: { name, token: `${prefix}…${last4}`, dkimKeysHandedAtFirstPoll: keys },
    });
    return { relay: toRelayView(relay, await currentPolicyVersion(tx)), token };
  });
}
