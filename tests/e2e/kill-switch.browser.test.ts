// Real Chromium + the real relay: security engages a sender kill switch from the UI, the Relays
// page shows every relay on the new policy version, and the relay refuses that sender's mail
// over SMTP; releasing it lets mail through again.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";
import { sendThroughRelay } from "./support/smtp";

const SENDER = "Order confirmations";

describe.skipIf(!hasChromium)("kill switch in the browser, enforced by the relay", () => {
  let browser: Browser;
  let page: Page;
  let credential: { username: string; secret: string; from: string };

  beforeAll(async () => {
    const secrets = JSON.parse(fs.readFileSync(path.join(inject("dataDir"), "demo-secrets.json"), "utf8")) as {
      sender: string;
      username: string;
      secret: string;
      from: string;
    }[];
    credential = secrets.find((s) => s.sender === SENDER)!;
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    const security = demoLogin("security");
    await new SignInPage(page).signInAndWait(security.email, security.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const send = () =>
    sendThroughRelay({
      user: credential.username,
      pass: credential.secret,
      from: credential.from,
      to: "buyer@gmail.com",
    });

  it("engages from the UI; the fleet acknowledges the version; the relay answers 550 5.7.1", async () => {
    await expect.poll(send, { timeout: 30_000, interval: 1000 }).toEqual({ ok: true });
    await page.goto(`${baseURL()}/kill-switch`);
    await page.click("[data-testid=engage-kill-switch]");
    await page.selectOption("#ks-scope", "sender");
    await page.selectOption("#ks-target", { label: SENDER });
    await page.fill("#ks-reason", "credential leaked in a ticket");
    await page.click("[data-testid=kill-switch-next]");
    await expect
      .poll(() => page.textContent("[data-testid=kill-switch-impact]"), { timeout: 15_000 })
      .toMatch(new RegExp(`^${SENDER} — 1 credential, \\d+ messages? in the last hour$`));
    await page.click("[data-testid=kill-switch-confirm]");
    await page.waitForSelector(`[data-testid=kill-switch-engaged] [data-testid="kill-switch-row-${SENDER}"]`);

    // The Relays page (refreshing every second) shows the real relay on the new version. Only the
    // demo relay is checked: other e2e files register fake relays that report old versions.
    await page.goto(`${baseURL()}/relays`);
    const current = Number(await page.textContent("[data-testid=current-policy-version]"));
    await expect
      .poll(async () => Number(await page.getAttribute("[data-testid=relay-version-demo-relay]", "data-version")), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(current);
    expect(await page.textContent('[data-testid="relay-row-demo-relay"]')).toContain("healthy");

    const refused = await send();
    expect(refused).toMatchObject({ ok: false, code: 550 });
    expect((refused as { response: string }).response).toMatch(/5\.7\.1/);
  });

  it("releases from the UI and the relay accepts the sender again", async () => {
    await page.goto(`${baseURL()}/kill-switch`);
    await page.click(`[data-testid="release-${SENDER}"]`);
    await page.fill("#release-reason", "secret rotated");
    await page.click("[data-testid=release-confirm]");
    await page.waitForSelector(`[data-testid=kill-switch-engaged] [data-testid="kill-switch-row-${SENDER}"]`, {
      state: "detached",
    });
    await expect.poll(send, { timeout: 10_000, interval: 500 }).toEqual({ ok: true });
  });
});
