import { and, eq, isNull, type SQL } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { getDb } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import type { LiveSession } from "@/lib/auth/sessions/load-session";
import { OIDC_REFRESH_SEAL_PURPOSE } from "@/lib/auth/sessions/start-session";
import { open, seal } from "@/lib/server/crypto/seal";
import { discover } from "./discovery";
import { groupsFromClaims, roleFromClaims } from "./role-from-claims";
import { auditRoleFromGroups, ssoActor } from "./sign-in-with-claims";
import { loadSsoConfig, type SsoConfig, sameIssuer } from "./sso-config";

// Provider unreachable: the session keeps its role and the next request after this delay tries again.
export const RECHECK_RETRY_DELAY_MS = 30_000;
const REFRESH_TIMEOUT_MS = 5_000;

export type RecheckOutcome = "not-due" | "no-refresh-token" | "unchanged" | "role-changed" | "revoked" | "unreachable";

// A single sign-on session's role follows the provider's groups: when the claims were taken more
// than sso.roleRecheckMinutes ago, the session's refresh token buys fresh claims. A new role is
// applied (audited); no mapped group, or a refresh the provider refuses (invalid_grant: the user
// was removed, disabled, or the grant revoked), revokes the session; an unreachable provider keeps
// the session and the next request after RECHECK_RETRY_DELAY_MS tries again. Without a refresh
// token the role follows at the next sign-in.
export async function recheckRoleIfDue(live: LiveSession | null): Promise<LiveSession | null> {
  if (live?.session.method !== "oidc") return live;
  const { outcome, live: after } = await recheckRole(live);
  return outcome === "revoked" ? null : after;
}

export async function recheckRole(
  live: LiveSession,
  now = new Date(),
): Promise<{ outcome: RecheckOutcome; live: LiveSession | null }> {
  const { session, user } = live;
  if (!session.oidcRefreshTokenSealed) return { outcome: "no-refresh-token", live };
  const config = await loadSsoConfig();
  const dueBefore = new Date(now.getTime() - config.recheckMinutes * 60_000);
  const checkedAt = session.claimsCheckedAt;
  if (checkedAt && checkedAt > dueBefore) return { outcome: "not-due", live };
  // One request re-reads the claims; concurrent requests of the same page go on with the role they have.
  const claimed = await getDb()
    .update(userSessions)
    .set({ claimsCheckedAt: now })
    .where(
      and(
        eq(userSessions.id, session.id),
        isNull(userSessions.revokedAt),
        checkedAt ? eq(userSessions.claimsCheckedAt, checkedAt) : isNull(userSessions.claimsCheckedAt),
      ),
    )
    .returning({ id: userSessions.id });
  if (claimed.length === 0) return { outcome: "not-due", live };

  const provider = config.provider;
  if (!provider || !user.oidcIssuer || !sameIssuer(provider.issuer, user.oidcIssuer))
    return revoke(live, "single sign-on is off or now points to another provider");
  let fresh: { claims: Record<string, unknown>; refreshToken: string | null };
  try {
    const refreshToken = open(session.oidcRefreshTokenSealed, { purpose: OIDC_REFRESH_SEAL_PURPOSE });
    fresh = await refreshClaims(config, refreshToken, user.oidcSubject ?? "");
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError && error.error === "invalid_grant")
      return revoke(live, `the provider refused the refresh token (invalid_grant: ${error.error_description ?? ""})`);
    if (error instanceof oauth.ResponseBodyError || error instanceof oauth.OperationProcessingError)
      return revoke(live, `the provider's answer was refused (${error.message})`);
    // Unreachable (network, timeout, 5xx): keep the session, try again after a short delay.
    await getDb()
      .update(userSessions)
      .set({ claimsCheckedAt: new Date(dueBefore.getTime() + RECHECK_RETRY_DELAY_MS) })
      .where(eq(userSessions.id, session.id));
    return { outcome: "unreachable", live };
  }

  const role = roleFromClaims(fresh.claims, config.mapping);
  if (!role) {
    const groups = groupsFromClaims(fresh.claims, config.mapping.claim);
    return revoke(live, `no role for the groups in claim "${config.mapping.claim}" (${groups.join(", ") || "none"})`);
  }
  const sessionChanges: Record<string, unknown> = { claimsCheckedAt: now };
  if (fresh.refreshToken)
    sessionChanges.oidcRefreshTokenSealed = seal(fresh.refreshToken, { purpose: OIDC_REFRESH_SEAL_PURPOSE });
  return getDb().transaction(async (tx) => {
    const [nextSession] = await tx
      .update(userSessions)
      .set(sessionChanges)
      .where(eq(userSessions.id, session.id))
      .returning();
    if (role === user.role) return { outcome: "unchanged" as const, live: { user, session: nextSession } };
    const [nextUser] = await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, user.id)).returning();
    const groups = groupsFromClaims(fresh.claims, config.mapping.claim);
    await auditRoleFromGroups(tx, ssoActor(nextUser, session.ip), user.id, user.role, role, groups);
    return { outcome: "role-changed" as const, live: { user: nextUser, session: nextSession } };
  });
}

// The refresh token grant, and the claims it brings: the new ID token's (issuer, audience, expiry
// checked by oauth4webapi), or the userinfo endpoint's when the provider sends no ID token on refresh.
async function refreshClaims(
  config: SsoConfig,
  refreshToken: string,
  subject: string,
): Promise<{ claims: Record<string, unknown>; refreshToken: string | null }> {
  const provider = config.provider!;
  const as = await discover(provider.issuer);
  const client: oauth.Client = { client_id: provider.clientId };
  const auth = provider.clientSecret
    ? nextAuthClientSecretBasic(provider.clientId, provider.clientSecret)
    : oauth.None();
  const insecure = new URL(provider.issuer).protocol === "http:";
  const response = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, {
    signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
    [oauth.allowInsecureRequests]: insecure,
  });
  if (response.status >= 500) throw new Error(`provider answered ${response.status}`);
  const tokens = await oauth.processRefreshTokenResponse(as, client, response);
  const idClaims = oauth.getValidatedIdTokenClaims(tokens);
  let claims: Record<string, unknown>;
  if (idClaims) {
    if (idClaims.sub !== subject) throw new oauth.OperationProcessingError("the ID token names another subject");
    claims = idClaims;
  } else {
    const info = await oauth.userInfoRequest(as, client, tokens.access_token, {
      signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
      [oauth.allowInsecureRequests]: insecure,
    });
    claims = await oauth.processUserInfoResponse(as, client, subject, info);
  }
  return { claims, refreshToken: tokens.refresh_token ?? null };
}

// Client authentication exactly as next-auth sends it at sign-in (client_secret_basic, form-encoded
// as encodeURIComponent does): oauth4webapi's own also escapes "-", ".", "_" and "~", which some
// providers do not decode, so the refresh would authenticate as another client than the sign-in.
function nextAuthClientSecretBasic(clientId: string, clientSecret: string): oauth.ClientAuth {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  const credentials = Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64");
  return (_as, _client, _body, headers) => {
    headers.set("authorization", `Basic ${credentials}`);
  };
}

async function revoke(live: LiveSession, reason: string): Promise<{ outcome: "revoked"; live: null }> {
  const { user, session } = live;
  const now = new Date();
  await getDb().transaction(async (tx) => {
    const revokedWhere: SQL = and(eq(userSessions.id, session.id), isNull(userSessions.revokedAt))!;
    const done = await tx
      .update(userSessions)
      .set({ revokedAt: now, revokedBy: "single sign-on", revokeReason: reason })
      .where(revokedWhere)
      .returning({ id: userSessions.id });
    if (done.length === 0) return;
    await writeAudit(tx, ssoActor(user, session.ip), {
      action: "session.revoke",
      targetType: "session",
      targetId: session.id,
      reason: `single sign-on: ${reason}`,
    });
  });
  return { outcome: "revoked", live: null };
}
