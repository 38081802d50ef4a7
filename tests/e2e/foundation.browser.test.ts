// Real Chromium against the production build: sign-in, the shell, user management, refusals.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { UsersPage } from "./pages/users-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

describe.skipIf(!hasChromium)("foundation in the browser", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("redirects to sign-in and explains bad input", async () => {
    const page = await newPage();
    await page.goto(`${baseURL()}/users`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const signIn = new SignInPage(page);
    await page.click("[data-testid=sign-in-submit]");
    await expect
      .poll(() => page.textContent("[data-testid=error-email]"), { timeout: 15_000 })
      .toContain("Email is required");
    await signIn.signIn("x".repeat(300), "y".repeat(300));
    await expect
      .poll(() => page.textContent("[data-testid=error-email]"), { timeout: 15_000 })
      .toContain("at most 254");
    await expect
      .poll(() => page.textContent("[data-testid=error-password]"), { timeout: 15_000 })
      .toContain("at most 256");
    await signIn.signIn("admin@switchyard.local", "not the password");
    await expect.poll(() => signIn.error().textContent(), { timeout: 15_000 }).toContain("Wrong email or password");
  });

  it("admin sees the shell, creates a user who can then sign in", async () => {
    const page = await newPage();
    const admin = demoLogin("admin");
    await new SignInPage(page).signInAndWait(admin.email, admin.password);
    expect(await page.textContent("[data-testid=current-role]")).toBe("admin");
    expect(await page.textContent("[data-testid=stat-database]")).toContain("PGlite");
    for (const nav of ["overview", "users", "audit"])
      expect(await page.locator(`[data-testid=nav-${nav}]`).count()).toBe(1);

    const users = new UsersPage(page);
    await users.open();
    const email = `browser-${Date.now()}@test.local`;
    const password = await users.createUser({ email, name: "Browser Made", role: "infra" });
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    await page.click("[data-testid=create-user-close]"); // the password is shown once: only Done closes it
    await users.row(email).waitFor();

    const newcomer = await newPage();
    await new SignInPage(newcomer).signInAndWait(email, password);
    expect(await newcomer.textContent("[data-testid=current-role]")).toBe("infra");

    // Disabling them ends their open session at once.
    await users.disable(email, "browser test");
    await newcomer.reload();
    expect(new URL(newcomer.url()).pathname).toBe("/sign-in");
  });

  it("comms has no Users page: hidden in the nav and refused on the server", async () => {
    const page = await newPage();
    const comms = demoLogin("comms");
    await new SignInPage(page).signInAndWait(comms.email, comms.password);
    expect(await page.locator("[data-testid=nav-users]").count()).toBe(0);
    const response = await page.goto(`${baseURL()}/users`);
    expect(response?.status()).toBe(403);
    await page.waitForSelector("[data-testid=forbidden]");
    const audit = await page.goto(`${baseURL()}/audit`);
    expect(audit?.status()).toBe(403);
  });

  it("signing out ends the session, even for a copied cookie", async () => {
    const page = await newPage();
    const auditor = demoLogin("auditor");
    await new SignInPage(page).signInAndWait(auditor.email, auditor.password);
    const cookies = await page.context().cookies();
    await page.click("[data-testid=sign-out]");
    await page.waitForURL(/\/sign-in/);
    const copied = cookies
      .filter((c) => c.name.includes("session-token"))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
    const response = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: copied } });
    expect(response.status).toBe(401);
  });
});
