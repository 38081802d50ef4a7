// Real Chromium: only an admin is offered relay registration; the Relays page shows which DKIM
// keys a relay was handed; "revoke and rotate" (typed confirmation) refuses the relay's token and
// replaces exactly the keys it held; the demo relay counts its rate limits alone (no Redis).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RelaysPage } from "./pages/relays-page";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

const pollPolicy = (token: string) =>
  fetch(`${baseURL()}/api/relay/v1/policy`, { headers: { authorization: `Bearer ${token}` } });

async function signedIn(browser: Browser, role: "admin" | "infra"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const user = demoLogin(role);
  await new SignInPage(page).signInAndWait(user.email, user.password);
  return page;
}

describe.skipIf(!hasChromium)("relays and the DKIM keys they hold, in the browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("offers registration to an admin only", async () => {
    const infra = new RelaysPage(await signedIn(browser, "infra"));
    await infra.open();
    expect(await infra.registerButton().count()).toBe(0);
  });

  it("shows how each relay counts rate limits: the embedded demo relay alone (no Redis)", async () => {
    const relays = new RelaysPage(await signedIn(browser, "infra"));
    await relays.open();
    await expect
      .poll(() => relays.rateLimits("demo-relay").textContent(), { timeout: 15_000 })
      .toBe("Local (no Redis)");
    expect(await relays.rateLimits("demo-relay").getAttribute("data-mode")).toBe("local");
  });

  it("shows the keys a relay was handed, and revokes it and rotates them in one confirmed step", async () => {
    const relays = new RelaysPage(await signedIn(browser, "admin"));
    await relays.open();
    const name = `browser-relay-${Date.now().toString(36)}`;
    const token = await relays.register(name);
    expect(token).toMatch(/^syrelay_/);
    const served = (await (await pollPolicy(token)).json()) as { domains: { dkim: { selector: string } | null }[] };
    const handed = served.domains.flatMap((d) => (d.dkim ? [d.dkim.selector] : [])).sort();
    expect(handed.length).toBeGreaterThan(0);
    await expect.poll(() => relays.heldSelectors(name), { timeout: 10_000 }).toEqual(handed);

    const { disabledBeforeName } = await relays.revokeAndRotate(name, "host compromised (browser test)");
    expect(disabledBeforeName).toBe(true);
    await expect.poll(() => relays.row(name).textContent(), { timeout: 10_000 }).toContain("revoked");
    expect((await pollPolicy(token)).status).toBe(401);
    // Every key it held was replaced: the page now lists them as published (rotation overlap).
    await expect
      .poll(async () => (await relays.row(name).textContent()) ?? "", { timeout: 10_000 })
      .toContain("published");
    expect(await relays.heldSelectors(name)).toEqual(handed);
  });
});
