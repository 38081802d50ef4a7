import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { isWellFormedToken, tokenVerifier } from "@/lib/secrets/token-format";

// Writing last-used on every request would turn reads into writes; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60 * 1000;

export interface ApiTokenContext {
  tokenId: string;
  actor: Actor;
}

// Checks a bearer token: format and checksum first (no lookup for garbage), then the verifier,
// revocation, expiry and the owner's status. The actor carries the token's role.
export async function authenticateApiToken({ token, ip }: { token: string; ip: string | null }): Promise<ApiTokenContext> {
  if (!isWellFormedToken("api", token)) throw new AppError("unauthenticated", "Malformed API token: check that it was copied whole.");
  const db = getDb();
  const [row] = await db
    .select({ token: apiTokens, owner: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.verifier, tokenVerifier(token)));
  if (!row) throw new AppError("unauthenticated", "Unknown API token.");
  const now = new Date();
  if (row.token.revokedAt) throw new AppError("unauthenticated", "This API token was revoked.");
  if (row.token.expiresAt && row.token.expiresAt <= now) throw new AppError("unauthenticated", "This API token has expired.");
  if (row.owner.status !== "active") throw new AppError("unauthenticated", "The owner of this API token is disabled.");
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiTokens.id, row.token.id));
  }
  return {
    tokenId: row.token.id,
    actor: { kind: "user", id: row.owner.id, label: `${row.owner.email} (token ${row.token.name})`, role: row.token.role, ip },
  };
}
