import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Relay, relays } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isWellFormedToken, tokenVerifier } from "@/lib/secrets/token-format";

// Bearer relay token → the relay. Malformed, unknown and revoked tokens are all 401.
export async function authenticateRelay(authorization: string | null): Promise<Relay> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError("unauthenticated", "Send the relay token as 'Authorization: Bearer syrelay_…'.");
  if (!isWellFormedToken("relay", token)) throw new AppError("unauthenticated", "Malformed relay token: check that it was copied whole.");
  const [relay] = await getDb().select().from(relays).where(eq(relays.verifier, tokenVerifier(token)));
  if (!relay) throw new AppError("unauthenticated", "Unknown relay token.");
  if (relay.status !== "active") throw new AppError("unauthenticated", "This relay was revoked.");
  return relay;
}
