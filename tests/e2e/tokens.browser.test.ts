// Real Chromium: the Tokens page mints a token for the signed-in user only (issue #11 item 5), and
// every role has one: a user without tokens:read sees only their own tokens.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

describe.skipIf(!hasChromium)("API tokens in the browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("offers no owner choice: the admin's new token is their own", async () => {
    const page = await (await browser.newContext()).newPage();
    const admin = demoLogin("admin");
    await new SignInPage(page).signInAndWait(admin.email, admin.password);
    await page.goto(`${baseURL()}/tokens`);
    await page.click("[data-testid=create-token-open]");
    await page.waitForSelector("#token-name");
    expect(await page.locator("#token-owner, [name=userId]").count()).toBe(0);
    const name = `own-${Date.now().toString(36)}`;
    await page.fill("#token-name", name);
    await page.click("[data-testid=create-token-submit]");
    await page.waitForSelector("[data-testid=create-token-done]", { timeout: 15_000 });
    await page.click("[data-testid=create-token-close]");
    await page.reload();
    await expect
      .poll(() => page.textContent(`[data-testid=token-row-${name}]`), { timeout: 15_000 })
      .toContain(admin.email);
  });

  it("lets an infra user mint their own token from the sidebar, show its secret once, and list only theirs", async () => {
    // The admin's token exists but is not infra's to see.
    const adminPage = await (await browser.newContext()).newPage();
    const admin = demoLogin("admin");
    await new SignInPage(adminPage).signInAndWait(admin.email, admin.password);
    await adminPage.goto(`${baseURL()}/tokens`);
    const adminName = `adm-${Date.now().toString(36)}`;
    await adminPage.click("[data-testid=create-token-open]");
    await adminPage.fill("#token-name", adminName);
    await adminPage.click("[data-testid=create-token-submit]");
    await adminPage.waitForSelector("[data-testid=create-token-done]", { timeout: 15_000 });

    const page = await (await browser.newContext()).newPage();
    const infra = demoLogin("infra");
    await new SignInPage(page).signInAndWait(infra.email, infra.password);
    await page.click("[data-testid=nav-tokens]");
    await page.waitForURL(/\/tokens$/);
    await page.click("[data-testid=create-token-open]");
    const name = `infra-${Date.now().toString(36)}`;
    await page.fill("#token-name", name);
    await page.click("[data-testid=create-token-submit]");
    await page.waitForSelector("[data-testid=create-token-done]", { timeout: 15_000 });
    const secret = (await page.textContent("[data-testid=secret-once]"))?.trim() ?? "";
    expect(secret).toMatch(/^syapi_/);
    expect(await page.textContent("[data-testid=create-token-done]")).toContain("(infra)");
    await page.click("[data-testid=create-token-close]");
    await page.reload();
    await expect.poll(() => page.locator(`[data-testid=token-row-${name}]`).count(), { timeout: 15_000 }).toBe(1);
    // Shown once: the list has the hint, never the secret; the admin's token and the owner column are absent.
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator(`[data-testid=token-row-${adminName}]`).count()).toBe(0);
    expect(await page.locator("[data-testid=tokens-table] th", { hasText: "Owner" }).count()).toBe(0);
    expect(await page.locator(`[data-testid=revoke-token-${name}]`).count()).toBe(1);
  });
});
