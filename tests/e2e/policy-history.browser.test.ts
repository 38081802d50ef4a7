// Real Chromium against the production server with the demo data: the auditor opens Policy
// history (in the sidebar), sees the versions the demo registry made, and compares two of them.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

describe.skipIf(!hasChromium)("policy history in the browser", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    const auditor = demoLogin("auditor");
    await new SignInPage(page).signInAndWait(auditor.email, auditor.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists versions newest first and shows the newest against the one before", async () => {
    await page.click('nav a[href="/policy-history"]');
    await page.waitForSelector("[data-testid=policy-versions]");
    const versions = (await page.locator("[data-testid=policy-version-row] td:first-child").allTextContents()).map(
      Number,
    );
    expect(versions.length).toBeGreaterThan(1);
    expect(versions).toEqual([...versions].sort((a, b) => b - a));
    const title = await page.textContent("[data-testid=policy-diff] h2");
    expect(title).toBe(`Version ${versions[0]} compared with version ${versions[0] - 1}`);
  });

  it("compares two chosen versions: the newest against the empty policy lists the demo senders", async () => {
    const newest = await page.locator("[data-testid=policy-version-row] td:first-child").first().textContent();
    await page.fill("#v", String(newest));
    await page.fill("#against", "0");
    await page.click("[data-testid=compare-form] button[type=submit]");
    await page.waitForURL(/against=0/);
    const lines = await page.locator("[data-testid=diff-line]").allTextContents();
    expect(lines.some((l) => /sender Order confirmations: added: From domains /.test(l))).toBe(true);
    expect(lines.some((l) => /^\+?credential .+….+: accepted for sender Order confirmations/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/PRIVATE KEY|verifier/);
  });

  it("says so for bad input", async () => {
    await page.goto(`${baseURL()}/policy-history?v=abc`);
    await page.waitForSelector("[data-testid=error-v]");
  });
});
