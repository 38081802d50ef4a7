// A real OpenID Connect provider on 127.0.0.1 for the SSO tests and bench: oauth2-mock-server
// (signed ID tokens, discovery, PKCE, refresh tokens), with hooks that give each sign-in the
// identity and groups the test chose, and that tamper with one check at a time.
//
// PKCE: the mock checks the code_verifier against the stored code_challenge whenever the token
// request carries one (next-auth always sends one), and answers 400 otherwise.
import type { IncomingMessage } from "node:http";
import { type MutableRedirectUri, type MutableResponse, type MutableToken, OAuth2Server } from "oauth2-mock-server";

export interface OidcIdentity {
  sub: string;
  email: string;
  name: string;
  groups: string[];
}

export interface OidcTampering {
  // Replace the state parameter in the redirect back to the app.
  state?: boolean;
  // Put another nonce in the ID token.
  nonce?: boolean;
  issuer?: string;
  audience?: string;
  // ID token expired ten minutes ago.
  expired?: boolean;
  // The refresh token grant: refused (invalid_grant) or the provider down (503).
  refresh?: "invalid_grant" | "unavailable";
}

type TokenRequest = IncomingMessage & { body?: Record<string, unknown> };

export interface TestOidcProvider {
  issuer: string;
  // Who signs in at the next authorization request (the mock has no login screen).
  nextLogin(identity: OidcIdentity): void;
  tamper: OidcTampering;
  counts: { authorize: number; tokens: number; refreshes: number };
  // Distinct code_challenges seen (proves PKCE with S256 is in use).
  challengeMethods: Set<string>;
  scopesRequested: string[];
  // Each authorization request's prompt and max_age parameters (null when absent), in order.
  authorizeRequests: { prompt: string | null; maxAge: string | null }[];
  stop(): Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.issuer.url = issuer;

  let next: OidcIdentity | null = null;
  const byCode = new Map<string, OidcIdentity>();
  const byRefreshToken = new Map<string, OidcIdentity>();
  const provider: TestOidcProvider = {
    issuer,
    nextLogin(identity) {
      next = identity;
    },
    tamper: {},
    counts: { authorize: 0, tokens: 0, refreshes: 0 },
    challengeMethods: new Set(),
    scopesRequested: [],
    authorizeRequests: [],
    stop: () => server.stop(),
  };

  const service = server.service;
  service.on("beforeWellKnownOpenIdConfiguration", (response: MutableResponse) => {
    const body = response.body as Record<string, unknown>;
    body.scopes_supported = ["openid", "email", "profile", "offline_access", "groups"];
    body.grant_types_supported = ["authorization_code", "refresh_token"];
  });
  service.on("beforeAuthorizeRedirect", (redirect: MutableRedirectUri, req: IncomingMessage) => {
    provider.counts.authorize++;
    const query = new URL(req.url ?? "/", issuer).searchParams;
    provider.challengeMethods.add(query.get("code_challenge_method") ?? "none");
    provider.scopesRequested = (query.get("scope") ?? "").split(" ");
    provider.authorizeRequests.push({ prompt: query.get("prompt"), maxAge: query.get("max_age") });
    const code = redirect.url.searchParams.get("code");
    if (code && next) byCode.set(code, next);
    if (provider.tamper.state) redirect.url.searchParams.set("state", "tampered-state");
  });
  service.on("beforeTokenSigning", (token: MutableToken, req: TokenRequest) => {
    const body = req.body ?? {};
    const identity =
      body.grant_type === "refresh_token"
        ? byRefreshToken.get(String(body.refresh_token))
        : byCode.get(String(body.code));
    if (!identity) return;
    Object.assign(token.payload, {
      sub: identity.sub,
      email: identity.email,
      email_verified: true,
      name: identity.name,
      groups: [...identity.groups],
    });
    const isIdToken = token.payload.aud !== undefined;
    if (!isIdToken) return;
    const t = provider.tamper;
    if (t.nonce) token.payload.nonce = "tampered-nonce";
    if (t.issuer) token.payload.iss = t.issuer;
    if (t.audience) token.payload.aud = t.audience;
    if (t.expired) {
      const now = Math.floor(Date.now() / 1000);
      Object.assign(token.payload, { iat: now - 1200, nbf: now - 1200, exp: now - 600 });
    }
  });
  service.on("beforeResponse", (response: MutableResponse, req: TokenRequest) => {
    const body = req.body ?? {};
    const sent = response.body as Record<string, unknown>;
    if (body.grant_type === "refresh_token") {
      provider.counts.refreshes++;
      const identity = byRefreshToken.get(String(body.refresh_token));
      if (provider.tamper.refresh === "invalid_grant" || !identity) {
        response.statusCode = 400;
        response.body = { error: "invalid_grant", error_description: "refresh token revoked" };
        return;
      }
      if (provider.tamper.refresh === "unavailable") {
        response.statusCode = 503;
        response.body = { error: "temporarily_unavailable" };
        return;
      }
      if (typeof sent.refresh_token === "string") byRefreshToken.set(sent.refresh_token, identity);
      return;
    }
    provider.counts.tokens++;
    const identity = byCode.get(String(body.code));
    if (identity && typeof sent.refresh_token === "string") byRefreshToken.set(sent.refresh_token, identity);
  });
  return provider;
}

// The authorization URL with another code_challenge: the provider then stores a challenge the
// app's code_verifier does not match (what an attacker injecting a stolen code would face).
export function withForeignCodeChallenge(authorizeUrl: string): string {
  const url = new URL(authorizeUrl);
  url.searchParams.set("code_challenge", "x".repeat(43));
  return url.toString();
}

// A refresh token for an identity, straight from the provider (authorization code without PKCE),
// for lib-level tests of the role recheck.
export async function issueRefreshToken(provider: TestOidcProvider, identity: OidcIdentity): Promise<string> {
  provider.nextLogin(identity);
  const redirectUri = "http://127.0.0.1/callback";
  const authorize = await fetch(
    `${provider.issuer}/authorize?${new URLSearchParams({ response_type: "code", client_id: "switchyard-e2e.client", redirect_uri: redirectUri, scope: "openid", state: "s" })}`,
    { redirect: "manual" },
  );
  const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code");
  if (!code) throw new Error("the provider issued no code");
  const token = await fetch(`${provider.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: "switchyard-e2e.client",
    }),
  });
  const body = (await token.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new Error("the provider issued no refresh token");
  return body.refresh_token;
}
