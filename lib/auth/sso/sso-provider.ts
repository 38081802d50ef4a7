import type { OIDCConfig } from "next-auth/providers";
import { scopesToRequest } from "./discovery";
import type { SsoProviderConfig } from "./sso-config";

export const SSO_PROVIDER_ID = "sso";

type Claims = Record<string, unknown>;

// next-auth's generic OIDC provider: issuer discovery, authorization code with PKCE, state and
// nonce; the ID token's issuer, audience, expiry and nonce are checked by next-auth (oauth4webapi).
export async function ssoProvider(config: SsoProviderConfig): Promise<OIDCConfig<Claims>> {
  return {
    id: SSO_PROVIDER_ID,
    name: config.label,
    type: "oidc",
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret || undefined,
    // A public client (no secret) authenticates with PKCE alone.
    client: config.clientSecret ? undefined : { token_endpoint_auth_method: "none" },
    authorization: { params: { scope: await scopesToRequest(config.issuer, config.scopes) } },
    checks: ["pkce", "state", "nonce"],
    profile(claims) {
      const email = typeof claims.email === "string" ? claims.email : null;
      const name = typeof claims.name === "string" ? claims.name : email;
      return { id: String(claims.sub), email, name };
    },
  };
}
