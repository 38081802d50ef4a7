// Single sign-on at the HTTP level against the production build and a real OIDC provider: every
// check of the authorization code flow refuses a tampered answer (state, nonce, PKCE, the ID
// token's issuer, audience and expiry), and an existing local account is never taken over. Each
// case runs an untampered sign-in first, so a broken flow cannot pass as a refusal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ssoSignInHttp } from "../support/oidc-flow";
import {
  type OidcIdentity,
  type OidcTampering,
  startOidcProvider,
  type TestOidcProvider,
  withForeignCodeChallenge,
} from "../support/oidc-provider";
import { resultOf } from "./authz/fixtures";
import { baseURL, demoCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";
import { configureSso, disableSso } from "./support/sso";

describe("single sign-on refuses tampered answers", () => {
  let provider: TestOidcProvider;
  let sequence = 0;
  const person = (groups: string[] = ["ops"]): OidcIdentity => {
    const id = `t${++sequence}-${Date.now().toString(36)}`;
    return { sub: `sub-${id}`, email: `${id}@corp.test`, name: id, groups };
  };
  const signedInAs = async (cookie: string) => {
    const page = await fetch(`${baseURL()}/`, { headers: { cookie }, redirect: "manual" });
    const html = await page.text();
    return html.match(/data-testid="current-role">([a-z]+)</)?.[1] ?? null;
  };

  beforeAll(async () => {
    provider = await startOidcProvider();
    await configureSso(provider.issuer, 5);
  });
  beforeEach(() => {
    provider.tamper = {};
  });
  afterAll(async () => {
    await disableSso();
    await provider?.stop();
  });

  async function expectRefused(tampering: OidcTampering, options: Parameters<typeof ssoSignInHttp>[1] = {}) {
    provider.nextLogin(person());
    const control = await ssoSignInHttp(baseURL());
    expect(control.location).toBe("/");
    expect(await signedInAs(control.sessionCookie!)).toBe("infra");

    provider.tamper = tampering;
    provider.nextLogin(person());
    const before = { ...provider.counts };
    const result = await ssoSignInHttp(baseURL(), options);
    provider.tamper = {};
    expect(result.sessionCookie).toBeNull();
    expect(result.location).toMatch(/^\/sign-in\?error=/);
    return { before, after: { ...provider.counts } };
  }

  it("state: a changed state parameter is refused before the code is exchanged", async () => {
    const { before, after } = await expectRefused({ state: true });
    expect(after.tokens).toBe(before.tokens);
  });

  it("nonce: an ID token with another nonce is refused (the provider did issue it)", async () => {
    const { before, after } = await expectRefused({ nonce: true });
    expect(after.tokens).toBe(before.tokens + 1);
  });

  it("PKCE: a code bound to another code_challenge is not redeemed with this browser's verifier", async () => {
    const { before, after } = await expectRefused({}, { authorizeUrl: withForeignCodeChallenge });
    // The provider refused the code exchange (code_verifier does not match): no tokens issued.
    expect(after.tokens).toBe(before.tokens);
  });

  it("an ID token from another issuer is refused", async () => {
    await expectRefused({ issuer: "http://127.0.0.1:1/evil" });
  });

  it("an ID token for another audience is refused", async () => {
    await expectRefused({ audience: "another-client" });
  });

  it("an expired ID token is refused", async () => {
    await expectRefused({ expired: true });
  });

  it("a local account with the same email is not taken over", async () => {
    const email = `local-${Date.now().toString(36)}@corp.test`;
    const create = buildServerActions().get("app/(dashboard)/users/actions.ts#createUserAction")!;
    const created = await postServerAction(
      create,
      [{ email, name: "Local", role: "comms", password: "" }],
      await demoCookie("admin"),
    );
    expect(resultOf(created.body)?.ok).toBe(true);
    provider.nextLogin({ ...person(["switchyard-admins"]), email });
    const result = await ssoSignInHttp(baseURL());
    expect(result.sessionCookie).toBeNull();
    expect(result.location).toBe("/sign-in/refused?reason=email-taken");
  });
});
