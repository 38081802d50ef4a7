// Real Chromium: infra registers a sender, security approves it (the requester cannot), a
// credential is issued and its secret is shown exactly once.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { DomainsPage, SenderPage } from "./pages/senders-page";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { demoCookie, demoLogin } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

describe.skipIf(!hasChromium)("sender registry in the browser", () => {
  let browser: Browser;
  const pages = {} as Record<Role, Page>;
  const domain = `shop${Date.now().toString(36)}.example.com`;

  beforeAll(async () => {
    browser = await launchBrowser();
    for (const role of ["admin", "security", "infra"] as const) {
      pages[role] = await (await browser.newContext()).newPage();
      const { email, password } = demoLogin(role);
      await new SignInPage(pages[role]).signInAndWait(email, password);
    }
    await new DomainsPage(pages.admin).add(domain);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("infra registers → security approves and activates → infra issues a credential shown once", async () => {
    const infra = new SenderPage(pages.infra);
    const id = await infra.register({ name: `Billing ${Date.now().toString(36)}`, domain });
    expect(await infra.status()).toContain("Requested");
    expect(await pages.infra.locator("[data-testid=sender-approve-open]").count()).toBe(0);

    const security = new SenderPage(pages.security);
    await security.open(id);
    await security.decide("approve", "Owner confirmed the purpose and the domain");
    await expect.poll(() => security.status(), { timeout: 15_000 }).toContain("Approved");
    await security.lifecycle("activate");
    await expect.poll(() => security.status(), { timeout: 15_000 }).toContain("Active");

    await infra.open(id);
    const { username, secret } = await infra.issueCredential();
    expect(secret).toMatch(/^sysmtp_[0-9A-Za-z]{49}$/);
    expect(username).toMatch(/^billing-/);
    await pages.infra.click("[data-testid=credential-issued-done]");
    await pages.infra.reload();
    await pages.infra.waitForSelector(`[data-testid="credential-row-${username}"]`);
    expect(await pages.infra.content()).not.toContain(secret);
    expect(await pages.infra.textContent(`[data-testid="credential-row-${username}"]`)).toContain(
      `sysmtp_…${secret.slice(-4)}`,
    );
  });

  it("the requester sees no approve button, and a forged approve POST is refused by the server", async () => {
    const security = new SenderPage(pages.security);
    const id = await security.register({ name: `Alerts ${Date.now().toString(36)}`, domain });
    expect(await pages.security.locator("[data-testid=sender-approve-open]").count()).toBe(0);
    expect(await pages.security.textContent("body")).toContain("You requested this sender");
    const decide = buildServerActions().get("app/(dashboard)/senders/actions.ts#decideSenderAction")!;
    const forged = await postServerAction(
      decide,
      [{ senderId: id, decision: "approve", revision: 1, comment: "approving my own request" }],
      await demoCookie("security"),
    );
    expect(forged.body).toMatch(/"ok":false/);
    expect(forged.body).toMatch(/"code":"forbidden"/);
    await security.open(id);
    expect(await security.status()).toContain("Requested");
  });

  it("a widening edit waits on the sender page until a second person approves it there", async () => {
    const infra = new SenderPage(pages.infra);
    const id = await infra.register({ name: `Receipts ${Date.now().toString(36)}`, domain });
    const security = new SenderPage(pages.security);
    await security.open(id);
    await security.decide("approve", "Owner and purpose checked");
    await expect.poll(() => security.status(), { timeout: 15_000 }).toContain("Approved");
    await security.lifecycle("activate");
    await expect.poll(() => security.status(), { timeout: 15_000 }).toContain("Active");

    // The requester raises the rate: the form says it awaits approval; the sender keeps 60.
    expect(await infra.editRatePerMinute(id, 600)).toContain(
      "Awaiting approval by another person: Messages per minute",
    );
    await infra.open(id);
    expect(await pages.infra.textContent("[data-testid=sender-rate]")).toContain("60 per minute");
    expect(await pages.infra.textContent("[data-testid=change-row-rateLimitPerMinute]")).toMatch(/60.*600/s);
    expect(await pages.infra.textContent("[data-testid=change-awaiting-second-person]")).toContain(
      "awaits a second person",
    );
    expect(await pages.infra.locator("[data-testid=change-approve-open]").count()).toBe(0);

    // A second person approves it from the sender page.
    await security.open(id);
    await pages.security.waitForSelector("[data-testid=change-diff]");
    await security.decideChange("approve", "Volume agreed with the owner");
    await expect
      .poll(() => pages.security.textContent("[data-testid=sender-rate]"), { timeout: 15_000 })
      .toContain("600 per minute");
    expect(await pages.security.locator("[data-testid=change-request]").count()).toBe(0);
  });
});
