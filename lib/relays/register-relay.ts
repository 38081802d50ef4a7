import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relays } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError, parseInput } from "@/lib/errors";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { generateToken, tokenHint, tokenVerifier } from "@/lib/secrets/token-format";
import { registerRelaySchema } from "@/lib/validations/relays";
import { type RelayView, toRelayView } from "./relay-view";

// Registers a relay node and returns its bearer token, once; only the verifier is stored.
export async function registerRelay({ actor, input }: { actor: Actor; input: unknown }): Promise<{ relay: RelayView; token: string }> {
  const { name } = parseInput(registerRelaySchema, input);
  const token = generateToken("relay");
  const { prefix, last4 } = tokenHint(token);
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ id: relays.id }).from(relays).where(eq(relays.name, name));
    if (existing) throw new AppError("conflict", `A relay named ${name} already exists`, { name: ["Already in use"] });
    const [relay] = await tx
      .insert(relays)
      .values({ name, tokenPrefix: prefix, tokenLast4: last4, verifier: tokenVerifier(token), createdBy: actor.kind === "user" ? actor.id : null })
      .returning();
    await writeAudit(tx, actor, { action: "relay.register", targetType: "relay", targetId: relay.id, after: { name, token: `${prefix}…${last4}` } });
    return { relay: toRelayView(relay, await currentPolicyVersion(tx)), token };
  });
}
