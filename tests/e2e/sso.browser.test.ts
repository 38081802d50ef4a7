// Single sign-on in real Chromium against the production build and a real OIDC provider on
// 127.0.0.1 (oauth2-mock-server): the role from the groups claim, the refusal page, and a group
// change at the provider reaching a signed-in browser.

import { decode } from "next-auth/jwt";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type OidcIdentity, startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";
import { resultOf } from "./authz/fixtures";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoCookie, demoLogin } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";
import { configureSso, disableSso } from "./support/sso";

// Small in the test (the default is 5 minutes): the groups are re-read 3 s after the last read.
const RECHECK_MINUTES = 0.05;

describe.skipIf(!hasChromium)("single sign-on in the browser", () => {
  let provider: TestOidcProvider;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };
  const person = (name: string, groups: string[]): OidcIdentity => {
    const id = `${name}-${Date.now().toString(36)}`;
    return { sub: `sub-${id}`, email: `${id}@corp.test`, name: `${name} (SSO)`, groups };
  };
  async function ssoSignIn(page: Page, who: OidcIdentity) {
    provider.nextLogin(who);
    await page.goto(`${baseURL()}/sign-in`);
    await page.click("[data-testid=sso-sign-in]");
  }

  beforeAll(async () => {
    provider = await startOidcProvider();
    await configureSso(provider.issuer, RECHECK_MINUTES);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await disableSso();
    await provider?.stop();
  });

  it("offers SSO first; signs in with the most privileged mapped group; the Users page shows the source", async () => {
    const page = await newPage();
    await page.goto(`${baseURL()}/sign-in`);
    const button = await page.locator("[data-testid=sso-sign-in]").boundingBox();
    const email = await page.locator("#email").boundingBox();
    expect(button && email && button.y < email.y).toBe(true);
    expect(await page.textContent("[data-testid=sso-sign-in]")).toContain("Sign in with Test IdP");

    const alice = person("alice", ["ops", "sec-team", "unmapped"]);
    await ssoSignIn(page, alice);
    await page.waitForSelector("[data-testid=current-user]");
    expect(await page.textContent("[data-testid=current-role]")).toBe("security");
    // Authorization code with PKCE (S256), and offline_access since the provider supports it.
    expect([...provider.challengeMethods]).toEqual(["S256"]);
    expect(provider.scopesRequested).toContain("offline_access");

    const adminPage = await newPage();
    const admin = demoLogin("admin");
    await new SignInPage(adminPage).signInAndWait(admin.email, admin.password);
    await adminPage.goto(`${baseURL()}/users`);
    const row = adminPage.locator(`[data-testid="user-row-${alice.email}"]`);
    await row.waitFor();
    expect(await row.locator("[data-testid=user-source]").textContent()).toBe("SSO");
    expect(
      await adminPage.locator(`[data-testid="user-row-${admin.email}"] [data-testid=user-source]`).textContent(),
    ).toBe("local");
    await adminPage.goto(`${baseURL()}/settings`);
    expect(await adminPage.inputValue("#sso-issuer")).toBe(provider.issuer);
    expect(await adminPage.inputValue("#sso-clientSecret")).toBe(""); // never shown back
  });

  it("refuses a user whose groups map to no role, on a page that says so", async () => {
    const page = await newPage();
    await ssoSignIn(page, person("bob", ["marketing"]));
    await page.waitForSelector("[data-testid=sso-refused]");
    expect(await page.getAttribute("[data-testid=sso-refused]", "data-reason")).toBe("no-role");
    expect(await page.textContent("[data-testid=sso-refused]")).toContain("No role for your groups");
    await page.goto(`${baseURL()}/`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("applies a group change at the provider after the recheck interval; removal from every group ends the session", async () => {
    const page = await newPage();
    const carol = person("carol", ["sec-team"]);
    await ssoSignIn(page, carol);
    await page.waitForSelector("[data-testid=current-user]");
    expect(await page.textContent("[data-testid=current-role]")).toBe("security");

    carol.groups = ["readers"]; // moved at the provider
    const changedAt = Date.now();
    // The role shown after a reload (or where the browser was sent, if the session ended).
    const roleAfterReload = async () => {
      await page.reload();
      return page
        .locator("[data-testid=current-role]")
        .textContent({ timeout: 5_000 })
        .catch(() => new URL(page.url()).pathname);
    };
    await expect.poll(roleAfterReload, { timeout: 20_000, interval: 1_000 }).toBe("auditor");
    console.log(
      `SSO role followed the group change in ${((Date.now() - changedAt) / 1000).toFixed(1)} s (recheck every ${RECHECK_MINUTES * 60} s)`,
    );

    carol.groups = []; // removed from every mapped group
    await expect
      .poll(
        async () => {
          await page.goto(`${baseURL()}/`);
          return new URL(page.url()).pathname;
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe("/sign-in");
  }, 90_000);

  it("step-up: an SSO admin with an old sign-in signs in again at the provider (prompt=login) and the action then runs", async () => {
    const admin = await demoCookie("admin");
    const updateSetting = buildServerActions().get("app/(dashboard)/settings/actions.ts#updateSettingAction")!;
    const setStepUp = async (value: string) =>
      resultOf((await postServerAction(updateSetting, [{ key: "auth.stepUpMinutes", value }], admin)).body);
    expect(await setStepUp("1")).toMatchObject({ ok: true });
    try {
      const page = await newPage();
      const dave = person("dave", ["switchyard-admins"]);
      await ssoSignIn(page, dave);
      await page.waitForSelector("[data-testid=current-user]");
      expect(await page.textContent("[data-testid=current-role]")).toBe("admin");
      const cookieOf = async () =>
        (await page.context().cookies()).find((c) => c.name === "authjs.session-token")?.value ?? "";
      const oldCookie = await cookieOf();
      process.env.SWITCHYARD_DATA_DIR = inject("dataDir");
      const { deriveKey } = await import("@/lib/server/config/secret");
      const secret = deriveKey("session").toString("base64url");
      const oldSid = (await decode({ token: oldCookie, secret, salt: "authjs.session-token" }))?.sid as string;
      expect(oldSid).toMatch(/^[0-9a-f-]{36}$/);

      // No way into the server's embedded database from here: the sign-in grows older than the window.
      await new Promise((resolve) => setTimeout(resolve, 62_000));
      await page.goto(`${baseURL()}/kill-switch`);
      const engage = async () => {
        await page.click("[data-testid=engage-global-kill-switch]");
        await page.fill("#ks-reason", "SSO step-up browser test");
        await page.click("[data-testid=kill-switch-next]");
        await page.waitForSelector("[data-testid=kill-switch-impact]");
        await page.click("[data-testid=kill-switch-confirm]");
      };
      await engage();
      await page.waitForSelector("[data-testid=step-up-sso]");
      expect(await page.textContent("[data-testid=kill-switch-error]")).toContain("sign-in within the last 1 minutes");

      const before = provider.authorizeRequests.length;
      provider.nextLogin(dave);
      await page.click("[data-testid=step-up-sso]");
      await page.waitForSelector("[data-testid=sso-reauth]");
      await page.click("[data-testid=sso-reauth-submit]");
      await page.waitForURL((url) => url.pathname === "/kill-switch", { timeout: 15_000 });
      await page.waitForSelector("[data-testid=current-user]");
      expect(provider.authorizeRequests.slice(before)).toEqual([{ prompt: "login", maxAge: "0" }]);
      const newCookie = await cookieOf();
      expect(newCookie).not.toBe(oldCookie);

      // The old session was replaced: revoked (audited with the reason), its cookie refused.
      const audit = await fetch(`${baseURL()}/api/v1/audit?action=auth.session_revoked&target=${oldSid}`, {
        headers: { cookie: await demoCookie("admin") },
      }).then((r) => r.json() as Promise<{ entries: { targetId: string; reason: string | null }[] }>);
      expect(audit.entries.find((e) => e.targetId === oldSid)?.reason).toBe("replaced by re-authentication");
      const old = await fetch(`${baseURL()}/kill-switch`, {
        redirect: "manual",
        headers: { cookie: `authjs.session-token=${oldCookie}` },
      });
      expect(old.headers.get("location") ?? "").toContain("/sign-in");

      // Fresh sign-in: the same action now runs.
      await engage();
      await page.waitForSelector("[data-testid=global-kill-switch-banner]", { timeout: 15_000 });
      const fresh = await demoCookie("admin");
      const list = await fetch(`${baseURL()}/api/v1/kill-switches`, { headers: { cookie: fresh } });
      const { engaged } = (await list.json()) as { engaged: { id: string; scope: string }[] };
      for (const ks of engaged.filter((k) => k.scope === "global")) {
        await fetch(`${baseURL()}/api/v1/kill-switches/${ks.id}/release`, {
          method: "POST",
          headers: { cookie: fresh, origin: baseURL(), "content-type": "application/json" },
          body: JSON.stringify({ reason: "SSO step-up browser test cleanup" }),
        });
      }
    } finally {
      await setStepUp("15");
    }
  }, 150_000);
});
