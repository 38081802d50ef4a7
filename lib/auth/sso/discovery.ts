import * as oauth from "oauth4webapi";

// The provider's discovery document (/.well-known/openid-configuration), cached: it changes rarely
// and is read to choose scopes and to refresh claims.
const DISCOVERY_CACHE_MS = 5 * 60_000;
const DISCOVERY_TIMEOUT_MS = 5_000;

const cache = new Map<string, { at: number; as: Promise<oauth.AuthorizationServer> }>();

export function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const hit = cache.get(issuer);
  if (hit && Date.now() - hit.at < DISCOVERY_CACHE_MS) return hit.as;
  const url = new URL(issuer);
  const as = oauth
    .discoveryRequest(url, {
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      // Plain http only for a provider on this host or in tests; production issuers are https.
      [oauth.allowInsecureRequests]: url.protocol === "http:",
    })
    .then((response) => oauth.processDiscoveryResponse(url, response));
  cache.set(issuer, { at: Date.now(), as });
  as.catch(() => {
    if (cache.get(issuer)?.as === as) cache.delete(issuer);
  });
  return as;
}

// The scopes to ask for: the configured ones, plus offline_access (a refresh token, so the groups
// can be re-read during the session) when the provider says it supports it.
export async function scopesToRequest(issuer: string, scopes: string): Promise<string> {
  const list = scopes.split(/\s+/).filter(Boolean);
  if (list.includes("offline_access")) return list.join(" ");
  try {
    const as = await discover(issuer);
    if (as.scopes_supported?.includes("offline_access")) list.push("offline_access");
  } catch {
    // Discovery unreachable now: next-auth reports it at sign-in; ask for the configured scopes.
  }
  return list.join(" ");
}
