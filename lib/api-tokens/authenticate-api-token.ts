import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { isWellFormedToken, tokenTypeOf, tokenVerifier } from "@/lib/server/secrets/token-format";

// Writing last-used on every request would turn reads into writes; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60 * 1000;

export interface ApiTokenContext {
  tokenId: string;
  actor: Actor;
}

// Checks a bearer token: format and checksum first (no lookup for garbage), then the verifier,
// revocation, expiry and the owner's status. The actor is the owner with their current role,
// bounded by the token's role (actorCan), and its label names the token for the audit log.
export async function authenticateApiToken({
  token,
  ip,
}: {
  token: string;
  ip: string | null;
}): Promise<ApiTokenContext> {
  if (!isWellFormedToken("api", token)) throw new AppError("unauthenticated", malformedMessage(token));
  const db = getDb();
  const [row] = await db
    .select({ token: apiTokens, owner: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.verifier, tokenVerifier(token)));
  if (!row) throw new AppError("unauthenticated", "Unknown API token.");
  const now = new Date();
  if (row.token.revokedAt) throw new AppError("unauthenticated", "This API token was revoked.");
  if (row.token.expiresAt && row.token.expiresAt <= now)
    throw new AppError("unauthenticated", "This API token has expired.");
  if (row.owner.status !== "active") throw new AppError("unauthenticated", "The owner of this API token is disabled.");
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now, lastUsedIp: ip }).where(eq(apiTokens.id, row.token.id));
  }
  return {
    tokenId: row.token.id,
    actor: {
      kind: "user",
      id: row.owner.id,
      label: `${row.owner.email} (API token "${row.token.name}" ${row.token.id})`,
      role: row.owner.role,
      ip,
      token: { id: row.token.id, name: row.token.name, role: row.token.role },
    },
  };
}

// A well-formed token of another kind (a relay's, an SMTP secret) gets told what it is.
function malformedMessage(token: string): string {
  const type = tokenTypeOf(token);
  if (type === "relay")
    return "This is a relay token: it authenticates a relay on /api/relay/v1, not the management API. Use an API token (syapi_…).";
  if (type === "smtp") return "This is an SMTP credential secret, not an API token. Use an API token (syapi_…).";
  return "Malformed API token: check that it was copied whole.";
}
