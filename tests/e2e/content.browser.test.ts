// Real Chromium against the production build: a security user opens Content from the navigation,
// creates a profile, adds a DLP rule for card numbers near "Karte" (a catastrophic pattern is
// refused with the reason beside the field), dry-runs a pasted sample and sees the match redacted,
// never the number in clear; a number failing Luhn does not match.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentPage } from "./pages/content-page";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { demoLogin } from "./support/http-session";

const CARD = "4111 1111 1111 1111";
const NOT_A_CARD = "4111 1111 1111 1112";
const RULE = "Cards near Karte";

describe.skipIf(!hasChromium)("content profiles in the browser", () => {
  let browser: Browser;
  let page: Page;
  let content: ContentPage;
  const profileName = `Browser profile ${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    const security = demoLogin("security");
    await new SignInPage(page).signInAndWait(security.email, security.password);
    content = new ContentPage(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens Content from the navigation and lists the built-in profiles", async () => {
    await page.click("[data-testid=nav-content]");
    await page.waitForSelector("[data-testid=profiles-table]");
    expect(await content.profileRow("Standard").textContent()).toContain("default: internal");
    expect(await content.profileRow("Off").count()).toBe(1);
  });

  it("creates a profile and a DLP rule; a catastrophic pattern is refused with the reason", async () => {
    await content.createProfile(profileName);
    await content.openRuleDialog();
    await content.submitRule({ name: "Bad pattern", detector: "regex", pattern: "(a+)+$", action: "reject" });
    await expect
      .poll(() => content.fieldError("rule-pattern").textContent(), { timeout: 10_000 })
      .toContain("exponential time");
    await content.cancelDialog();
    expect(await content.ruleRow("Bad pattern").count()).toBe(0);

    await content.addRule({ name: RULE, detector: "card", nearKeywords: "Karte\ncard", action: "quarantine" });
    expect(await content.ruleRow(RULE).textContent()).toContain("Karte");
  });

  it("dry-runs a sample and shows the match redacted, never the number", async () => {
    await content.dryRun({ subject: "Zahlung", text: `Bitte belasten Sie meine Karte ${CARD} für die Rechnung.` });
    const row = content.dryRunRule(RULE);
    expect(await row.textContent()).toContain("matches");
    const match = (await row.locator("[data-testid=dry-run-match]").first().textContent()) ?? "";
    expect(match).toContain("1111");
    expect(match).toMatch(/\*{4}/);
    expect(await content.dryRunOutput().textContent()).not.toContain(CARD);

    await content.dryRun({ subject: "", text: `Meine Karte ${NOT_A_CARD}` });
    await expect.poll(() => content.dryRunRule(RULE).textContent(), { timeout: 10_000 }).toContain("no match");
  });
});
