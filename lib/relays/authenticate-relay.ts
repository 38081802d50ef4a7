import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Relay, relays } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { knownPolicyVersion } from "@/lib/policy/policy-changes";
import { isWellFormedToken, tokenVerifier } from "@/lib/server/secrets/token-format";

// Relays poll every few seconds, so a token's relay is remembered for the policy version it was
// read under: revoking a relay bumps the policy version (lib/relays/revoke-relay.ts), which every
// app instance hears through NOTIFY, so a revoked token is refused everywhere as fast as a kill
// switch reaches the relays. Entries are also re-read after a minute.
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Remembered {
  relay: Relay;
  policyVersion: number;
  at: number;
}

const store = globalThis as typeof globalThis & { __switchyardRelayAuth?: Map<string, Remembered> };

// Bearer relay token → the relay. Malformed, unknown and revoked tokens are all 401.
export async function authenticateRelay(authorization: string | null | undefined): Promise<Relay> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError("unauthenticated", "Send the relay token as 'Authorization: Bearer syrelay_…'.");
  if (!isWellFormedToken("relay", token))
    throw new AppError("unauthenticated", "Malformed relay token: check that it was copied whole.");
  const verifier = tokenVerifier(token);
  const policyVersion = await knownPolicyVersion();
  store.__switchyardRelayAuth ??= new Map();
  const remembered = store.__switchyardRelayAuth.get(verifier);
  if (remembered && remembered.policyVersion === policyVersion && Date.now() - remembered.at < MAX_AGE_MS)
    return remembered.relay;
  const [relay] = await getDb().select().from(relays).where(eq(relays.verifier, verifier));
  if (!relay) throw new AppError("unauthenticated", "Unknown relay token.");
  if (relay.status !== "active") throw new AppError("unauthenticated", "This relay was revoked.");
  if (store.__switchyardRelayAuth.size >= MAX_ENTRIES) store.__switchyardRelayAuth.clear();
  store.__switchyardRelayAuth.set(verifier, { relay, policyVersion, at: Date.now() });
  return relay;
}

// This instance forgets at once (the version bump reaches the others through NOTIFY).
export function forgetAuthenticatedRelays(): void {
  store.__switchyardRelayAuth?.clear();
}
