// Real Chromium: upload a DMARC aggregate report for a sending domain, see its sources
// classified on the Sources page, mark one as spoofing, and start a prefilled registration.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

const DOMAIN = "shop.example.com";

describe.skipIf(!hasChromium)("domain posture in the browser", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    const infra = demoLogin("infra");
    await new SignInPage(page).signInAndWait(infra.email, infra.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("uploads a report, classifies sources, marks spoofing and registers a vendor in one click", async () => {
    const xml = fs
      .readFileSync(path.resolve("tests/fixtures/dmarc/google.xml"), "utf8")
      .replaceAll("acme.example", DOMAIN)
      .replace(/<report_id>[^<]*</, `<report_id>e2e-${Date.now()}<`);
    await page.goto(`${baseURL()}/posture`);
    await page.click("[data-testid=posture-upload-open]");
    await page.setInputFiles("[data-testid=posture-upload-file]", {
      name: "google.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(xml),
    });
    await page.click("[data-testid=posture-upload-submit]");
    await page.waitForSelector("[data-testid=posture-upload-result]");

    await page.goto(`${baseURL()}/posture`);
    await page.click(`[data-testid="posture-sources-link-${DOMAIN}"]`);
    await page.waitForSelector("[data-testid=sources-table]");
    const rows = page.locator("[data-testid^=source-row-]");
    expect(await rows.count()).toBeGreaterThan(1);
    const unknown = page.locator('[data-testid^=source-row-][data-kind="unknown"]').first();
    const unknownIp = (await unknown.getAttribute("data-testid"))!.replace("source-row-", "");
    expect(await unknown.getAttribute("data-highlight")).toBe("true");

    await page.click(`[data-testid="mark-source-${unknownIp}"]`);
    await page.fill("[data-testid=mark-source-note]", "Not one of our systems");
    await page.click("[data-testid=mark-source-confirm]");
    await page.waitForSelector(`[data-testid="source-mark-${unknownIp}"]`);

    const register = page.locator("[data-testid^=register-source-]").first();
    await register.click();
    await page.waitForURL(/\/senders\/new\?/);
    expect(await page.inputValue("#sender-name")).not.toBe("");
    expect(await page.inputValue("#sender-kind")).toBe("saas");
  });
});
