import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { relayCredentials, smtpCredentials } from "@/db/schema";
import type { RelayEvent } from "@/lib/relay-contract/schemas";

// Outcomes judge a sender's reputation (bounces and complaints can suspend it), so a relay may
// report them only for a credential it accepted mail from: one in relay_credentials, or named by
// an `accepted` event earlier in the same batch. Without this, any relay token could suspend any
// sender by posting bounces naming it.
const OUTCOME_TYPES = new Set<RelayEvent["type"]>(["delivered", "deferred", "bounced", "complained"]);

export interface CredentialVerdicts {
  // Indexes (into the events given) of outcome events the relay may not report, with why.
  refused: Map<number, string>;
  // Credentials this relay accepted mail from for the first time.
  newlyHeld: string[];
}

export async function checkRelayedCredentials(
  tx: Tx,
  relayId: string,
  events: RelayEvent[],
): Promise<CredentialVerdicts> {
  const named = [...new Set(events.flatMap((e) => (e.credentialId ? [e.credentialId] : [])))];
  const senderOf = new Map<string, string>();
  const held = new Set<string>();
  if (named.length > 0) {
    for (const c of await tx
      .select({ id: smtpCredentials.id, senderId: smtpCredentials.senderId })
      .from(smtpCredentials)
      .where(inArray(smtpCredentials.id, named))) {
      senderOf.set(c.id, c.senderId);
    }
    const rows = await tx
      .select({ credentialId: relayCredentials.credentialId })
      .from(relayCredentials)
      .where(and(eq(relayCredentials.relayId, relayId), inArray(relayCredentials.credentialId, named)));
    for (const r of rows) held.add(r.credentialId);
  }
  const refused = new Map<number, string>();
  const newlyHeld = new Set<string>();
  events.forEach((e, index) => {
    const credentialSender = e.credentialId ? senderOf.get(e.credentialId) : undefined;
    const senderMatches = !e.senderId || e.senderId === credentialSender;
    if (e.type === "accepted") {
      if (e.credentialId && credentialSender && senderMatches && !held.has(e.credentialId)) {
        held.add(e.credentialId);
        newlyHeld.add(e.credentialId);
      }
      return;
    }
    if (!OUTCOME_TYPES.has(e.type)) return;
    if (!e.credentialId) refused.set(index, "an outcome event must name the credential the message was accepted from");
    else if (!held.has(e.credentialId)) refused.set(index, "this relay never accepted mail from this credential");
    else if (!senderMatches) refused.set(index, "the sender is not the credential's sender");
  });
  return { refused, newlyHeld: [...newlyHeld] };
}

export async function recordHeldCredentials(tx: Tx, relayId: string, credentialIds: string[]): Promise<void> {
  if (credentialIds.length === 0) return;
  await tx
    .insert(relayCredentials)
    .values(credentialIds.sort().map((credentialId) => ({ relayId, credentialId })))
    .onConflictDoNothing();
}
