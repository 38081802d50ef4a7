// Real Chromium: the Sessions page (issue 14 item 6) — one user signed in in several browsers revokes
// the others, and their next navigation lands on the sign-in page; and the break-glass account
// (item 3): with local sign-in off only it signs in with a password, under a red banner.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "./authz/fixtures";
import { SessionsPage } from "./pages/sessions-page";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoCookie, demoLogin } from "./support/http-session";

const PASSWORD = "sessions browser password";

describe.skipIf(!hasChromium)("sessions in the browser", () => {
  let browser: Browser;
  let fixtures: Fixtures;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const admin = await demoCookie("admin");
    fixtures = new Fixtures({ admin } as ConstructorParameters<typeof Fixtures>[0], "");
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  async function newUser(role: string): Promise<string> {
    const email = `sessions-${fixtures.unique()}@test.local`;
    await fixtures.call("app/(dashboard)/users/actions.ts#createUserAction", {
      email,
      name: "Sessions user",
      role,
      password: PASSWORD,
    });
    return email;
  }

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await new SignInPage(page).signInAndWait(email, PASSWORD);
    return page;
  }

  async function landsOnSignIn(page: Page): Promise<boolean> {
    await page.goto(`${baseURL()}/`);
    await page.waitForURL(/\/sign-in/, { timeout: 15_000 });
    return (await page.locator("[data-testid=current-user]").count()) === 0;
  }

  it("revokes another browser's session from the Sessions page: its next navigation lands on sign-in", async () => {
    const email = await newUser("comms");
    const mine = await signedIn(email);
    const other = await signedIn(email);
    const third = await signedIn(email);

    const sessions = new SessionsPage(mine);
    await sessions.openFromMenu();
    await expect.poll(() => sessions.rows("active").count()).toBe(3);
    expect(await sessions.currentRow().count()).toBe(1);
    expect(await sessions.currentRow().textContent()).toMatch(/Chrome \d+ on Linux/);
    expect(await sessions.currentRow().textContent()).toContain("Password");

    // Revoke one (with a confirmation), then everything else.
    await sessions.revoke(sessions.otherActiveRows().first(), "not my laptop");
    await expect.poll(() => sessions.rows("revoked").count(), { timeout: 15_000 }).toBe(1);
    expect(await sessions.rows("revoked").textContent()).toContain("not my laptop");

    // Which of the two was revoked is the page's choice: the one still live must still work.
    const revokedId = (await sessions.rows("revoked").getAttribute("data-testid"))!.replace("session-row-", "");
    const liveId = (await sessions.otherActiveRows().getAttribute("data-testid"))!.replace("session-row-", "");
    expect(revokedId).not.toBe(liveId);
    const pages = [other, third];
    const statuses = await Promise.all(
      pages.map(async (page) => {
        await page.goto(`${baseURL()}/`);
        return page.url().includes("/sign-in") ? "signed out" : "signed in";
      }),
    );
    expect(statuses.sort()).toEqual(["signed in", "signed out"]);
    const stillIn = pages[statuses.indexOf("signed in")];

    await sessions.revokeOthers();
    await expect.poll(() => sessions.rows("revoked").count(), { timeout: 15_000 }).toBe(2);
    expect(await landsOnSignIn(stillIn)).toBe(true);

    // This browser stays signed in.
    await mine.reload();
    await mine.waitForSelector("[data-testid=current-user]");
    expect(await sessions.currentRow().getAttribute("data-status")).toBe("active");
  });

  it("lets an admin revoke a user's session from the Users page", async () => {
    const email = await newUser("infra");
    const victim = await signedIn(email);
    const admin = await signedInDemoAdmin();
    await admin.goto(`${baseURL()}/users`);
    await admin.click(`[data-testid="sessions-${email}"]`);
    await admin.waitForURL(/\/users\/[0-9a-f-]+\/sessions$/);
    const sessions = new SessionsPage(admin);
    await expect.poll(() => sessions.rows("active").count()).toBe(1);
    await sessions.revoke(sessions.rows("active").first(), "offboarding");
    await expect.poll(() => sessions.rows("revoked").count(), { timeout: 15_000 }).toBe(1);
    expect(await landsOnSignIn(victim)).toBe(true);
  });

  it("with local sign-in off, only the break-glass admin signs in with a password, under a red banner", async () => {
    const glassEmail = await newUser("admin");
    const commsEmail = await newUser("comms");
    const glassId = await userIdOf(glassEmail);
    await fixtures.call("app/(dashboard)/users/break-glass-actions.ts#setBreakGlassAction", {
      userId: glassId,
      breakGlass: true,
    });
    await fixtures.call("app/(dashboard)/settings/actions.ts#updateSettingAction", {
      key: "auth.localSignIn",
      value: "break_glass_only",
    });
    try {
      const refused = await browser.newContext();
      contexts.push(refused);
      const page = await refused.newPage();
      const signIn = new SignInPage(page);
      await signIn.signIn(commsEmail, PASSWORD);
      await expect
        .poll(() => signIn.error().textContent(), { timeout: 15_000 })
        .toContain("Local sign-in is off; use single sign-on");

      const glass = await signedIn(glassEmail);
      expect(await glass.textContent("[data-testid=break-glass-banner]")).toContain(
        "Break-glass account in use — every action is audited",
      );
      await glass.goto(`${baseURL()}/users`);
      await glass.waitForSelector("[data-testid=break-glass-banner]");
    } finally {
      await fixtures.call("app/(dashboard)/settings/actions.ts#updateSettingAction", {
        key: "auth.localSignIn",
        value: "everyone",
      });
    }
    // Back on: everyone signs in again, and nobody sees the banner.
    const comms = await signedIn(commsEmail);
    expect(await comms.locator("[data-testid=break-glass-banner]").count()).toBe(0);
  });

  async function signedInDemoAdmin(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const { email, password } = demoLogin("admin");
    await new SignInPage(page).signInAndWait(email, password);
    return page;
  }

  async function userIdOf(email: string): Promise<string> {
    const admin = await signedInDemoAdmin();
    await admin.goto(`${baseURL()}/users`);
    const href = await admin.getAttribute(`[data-testid="sessions-${email}"]`, "href");
    return href!.split("/")[2];
  }
});
