// Real Chromium + the real relay: security suppresses an address from the Suppressions page, the
// relay refuses RCPT to it (550 5.1.1) for that sender; a search finds it and removing it with a
// reason (confirmation dialog) lets mail through again.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";
import { sendThroughRelay } from "./support/smtp";

describe.skipIf(!hasChromium)("suppression list in the browser, enforced by the relay", () => {
  let browser: Browser;
  let page: Page;
  let credential: { sender: string; username: string; secret: string; from: string };
  const address = `e2e-suppressed-${Date.now().toString(36)}@gmail.com`;

  beforeAll(async () => {
    const secrets = JSON.parse(fs.readFileSync(path.join(inject("dataDir"), "demo-secrets.json"), "utf8")) as {
      sender: string;
      username: string;
      secret: string;
      from: string;
    }[];
    // Not the sender the kill-switch test stops.
    credential = secrets.find((s) => s.sender !== "Order confirmations")!;
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    const security = demoLogin("security");
    await new SignInPage(page).signInAndWait(security.email, security.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const send = () =>
    sendThroughRelay({ user: credential.username, pass: credential.secret, from: credential.from, to: address });

  it("adds an address for one sender; the relay refuses RCPT to it with 550 5.1.1", async () => {
    await expect.poll(send, { timeout: 30_000, interval: 1000 }).toEqual({ ok: true });
    await page.goto(`${baseURL()}/suppressions`);
    await page.click("[data-testid=suppression-add-open]");
    await page.fill("#suppression-add-address", address);
    await page.selectOption("#suppression-add-sender", { label: credential.sender });
    await page.fill("#suppression-add-reason", "recipient asked us to stop");
    await page.click("[data-testid=suppression-add-confirm]");
    await page.waitForSelector(`[data-testid=suppression-row][data-address="${address}"]`);
    await expect.poll(send, { timeout: 15_000, interval: 500 }).toMatchObject({
      ok: false,
      code: 550,
      response: expect.stringMatching(/5\.1\.1 .*suppressed for this sender since/),
    });
  });

  it("finds it by search, removes it with a reason, and the relay accepts the address again", async () => {
    await page.goto(`${baseURL()}/suppressions`);
    await page.fill("#s-q", address.slice(0, 20));
    await page.click("[data-testid=suppression-filter-apply]");
    await page.waitForURL(/q=e2e-suppressed/);
    expect(await page.locator("[data-testid=suppression-row]").count()).toBe(1);
    await page.click("[data-testid=suppression-remove-open]");
    // The reason is required: the server's message shows beside the field.
    await page.click("[data-testid=suppression-remove-confirm]");
    await page.waitForSelector("text=Give a reason");
    await page.fill("#suppression-remove-reason", "added by mistake in the e2e test");
    await page.click("[data-testid=suppression-remove-confirm]");
    await page.waitForSelector(`[data-testid=suppression-row][data-address="${address}"]`, { state: "detached" });
    await page.goto(`${baseURL()}/suppressions?q=${encodeURIComponent(address)}&status=removed`);
    expect(await page.textContent("[data-testid=suppression-removed-note]")).toContain(
      "added by mistake in the e2e test",
    );
    await expect.poll(send, { timeout: 15_000, interval: 500 }).toEqual({ ok: true });
  });
});
