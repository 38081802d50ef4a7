// Single sign-on in real Chromium against the production build and a real OIDC provider on
// 127.0.0.1 (oauth2-mock-server): the role from the groups claim, the refusal page, and a group
// change at the provider reaching a signed-in browser.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OidcIdentity, startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";
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
});
