import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { relayCredentials, smtpCredentials } from "@/db/schema";

// Relays may report outcomes (delivered, deferred, bounced, complained) only for credentials they
// accepted mail from (lib/events/check-relayed-credentials.ts). For tests that feed a relay's
// outcome events directly: each sender named by such an event without a credential gets one
// credential this relay holds (as its own `accepted` events would have recorded), named on them.
const OUTCOMES = new Set(["delivered", "deferred", "bounced", "complained"]);
const credentialBySender = new Map<string, string>();

export async function relayHoldsCredentialOf(relayId: string, senderId: string): Promise<string> {
  const key = `${relayId}/${senderId}`;
  const known = credentialBySender.get(key);
  if (known) return known;
  // The sender's own credential if it has one (so tests counting credentials see no extra one).
  const [existing] = await getDb()
    .select()
    .from(smtpCredentials)
    .where(eq(smtpCredentials.senderId, senderId))
    .orderBy(asc(smtpCredentials.createdAt))
    .limit(1);
  const suffix = randomBytes(8).toString("hex");
  const credential =
    existing ??
    (
      await getDb()
        .insert(smtpCredentials)
        .values({
          senderId,
          username: `relayed-${suffix}`,
          secretPrefix: "sysmtp_",
          secretLast4: suffix.slice(-4),
          verifier: randomBytes(32).toString("hex"),
        })
        .returning()
    )[0];
  await getDb().insert(relayCredentials).values({ relayId, credentialId: credential.id }).onConflictDoNothing();
  credentialBySender.set(key, credential.id);
  return credential.id;
}

export async function asRelayed<E extends { type: string; senderId?: string | null; credentialId?: string | null }>(
  relayId: string,
  events: E[],
): Promise<E[]> {
  const out: E[] = [];
  for (const e of events) {
    if (!OUTCOMES.has(e.type) || e.credentialId || !e.senderId) out.push(e);
    else out.push({ ...e, credentialId: await relayHoldsCredentialOf(relayId, e.senderId) });
  }
  return out;
}
