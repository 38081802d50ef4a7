// Real Chromium: the Tokens page mints a token for the signed-in user only (issue #11 item 5).
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
    await page.keyboard.press("Escape");
    await page.reload();
    await expect.poll(() => page.textContent(`[data-testid=token-row-${name}]`), { timeout: 15_000 }).toContain(admin.email);
  });
});
