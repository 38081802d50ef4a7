import * as oauth from "oauth4webapi";

// The provider's discovery document (/.well-known/openid-configuration), cached: it changes rarely
// and is read to choose scopes and to refresh claims.
const DISCOVERY_CACHE_MS = 5 * 60_000;
// A failed discovery is remembered this long, so an unreachable provider does not slow every request.
const DISCOVERY_FAILURE_CACHE_MS = 30_000;
const DISCOVERY_TIMEOUT_MS = 5_000;

const cache = new Map<string, { at: number; as: Promise<oauth.AuthorizationServer>; failed?: boolean }>();

export function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const hit = cache.get(issuer);
  if (hit && Date.now() - hit.at < (hit.failed ? DISCOVERY_FAILURE_CACHE_MS : DISCOVERY_CACHE_MS)) return hit.as;
  const url = new URL(issuer);
  const as = oauth
    .discoveryRequest(url, {
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      // The Settings form accepts plain http only for a provider on this machine (tests, a local IdP).
      [oauth.allowInsecureRequests]: url.protocol === "http:",
    })
    .then((response) => oauth.processDiscoveryResponse(url, response));
  const entry: { at: number; as: Promise<oauth.AuthorizationServer>; failed?: boolean } = { at: Date.now(), as };
  cache.set(issuer, entry);
  as.catch(() => {
    entry.failed = true;
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
