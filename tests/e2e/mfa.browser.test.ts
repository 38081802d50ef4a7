// Real Chromium against the production build: a user turns on TOTP from the QR page (the code is
// computed from the secret shown as text), signs out and back in with a code; a dangerous action
// with an old sign-in opens "Confirm it's you" and then runs. Also, over HTTP: a role that must use
// MFA reaches only the enrolment page until it enrols.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/auth/mfa/totp";
import { resultOf } from "./authz/fixtures";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoCookie, signInCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

const PASSWORD = "mfa browser test password";
const STEP_MS = 30_000;
const actions = buildServerActions();

async function call(key: string, input: unknown, cookie: string) {
  const response = await postServerAction(actions.get(key)!, [input], cookie);
  return { status: response.status, location: response.location, result: resultOf(response.body) };
}

const setSetting = (admin: string, key: string, value: string) =>
  call("app/(dashboard)/settings/actions.ts#updateSettingAction", { key, value }, admin);

async function createUser(admin: string, role: string): Promise<string> {
  const email = `mfa-${role}-${Date.now().toString(36)}@test.local`;
  const created = await call(
    "app/(dashboard)/users/actions.ts#createUserAction",
    { email, name: `MFA ${role}`, role, password: PASSWORD },
    admin,
  );
  expect(created.result, JSON.stringify(created)).toMatchObject({ ok: true });
  return email;
}

async function releaseGlobalSwitch(admin: string) {
  const list = await fetch(`${baseURL()}/api/v1/kill-switches`, { headers: { cookie: admin } });
  const { engaged } = (await list.json()) as { engaged: { id: string; scope: string }[] };
  for (const ks of engaged.filter((k) => k.scope === "global")) {
    await fetch(`${baseURL()}/api/v1/kill-switches/${ks.id}/release`, {
      method: "POST",
      headers: { cookie: admin, origin: baseURL(), "content-type": "application/json" },
      body: JSON.stringify({ reason: "mfa browser test cleanup" }),
    });
  }
}

describe("roles that must use MFA reach only the enrolment page", () => {
  let admin: string;
  beforeAll(async () => {
    admin = await demoCookie("admin");
  });
  afterAll(async () => {
    await setSetting(admin, "mfa.requiredRoles", "");
  });

  it("redirects pages to /account/mfa and answers 403 to actions and API calls", async () => {
    const email = await createUser(admin, "infra");
    expect((await setSetting(admin, "mfa.requiredRoles", "infra")).result).toMatchObject({ ok: true });
    const cookie = await signInCookie(email, PASSWORD);
    const page = await fetch(`${baseURL()}/senders`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get("location")).toContain("/account/mfa");
    const enrolPage = await fetch(`${baseURL()}/account/mfa`, { headers: { cookie } });
    expect(enrolPage.status).toBe(200);
    expect(await enrolPage.text()).toContain('data-testid="totp-secret"');
    const api = await fetch(`${baseURL()}/api/v1/senders`, { headers: { cookie } });
    expect(api.status).toBe(403);
    expect(await api.json()).toMatchObject({ error: { message: expect.stringContaining("two-factor") } });
    const action = await call(
      "app/(dashboard)/tokens/actions.ts#createApiTokenAction",
      { name: "before enrolment" },
      cookie,
    );
    expect(action.result).toMatchObject({ ok: false, code: "forbidden" });
    // Not required any more: the same session goes on.
    await setSetting(admin, "mfa.requiredRoles", "");
    expect((await fetch(`${baseURL()}/api/v1/senders`, { headers: { cookie } })).status).toBe(200);
  });
});

describe.skipIf(!hasChromium)("two-factor sign-in and step-up in the browser", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: string;
  let email: string;
  let secret: string;

  beforeAll(async () => {
    admin = await demoCookie("admin");
    email = await createUser(admin, "security");
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    const fresh = await demoCookie("admin");
    await releaseGlobalSwitch(fresh);
    await setSetting(fresh, "auth.stepUpMinutes", "15");
  });

  const sessionCookie = async () =>
    (await context.cookies()).find((c) => c.name === "authjs.session-token")?.value ?? null;

  async function signInWithPassword() {
    await page.goto(`${baseURL()}/sign-in`);
    await page.fill("#email", email);
    await page.fill("#password", PASSWORD);
    await page.click("[data-testid=sign-in-submit]");
  }

  it("enrols with the QR page: first code, recovery codes shown once", async () => {
    await signInWithPassword();
    await page.waitForSelector("[data-testid=current-user]");
    await page.click("[data-testid=account-mfa-link]");
    await page.waitForSelector("[data-testid=totp-secret]");
    expect(await page.getAttribute("img[alt^='QR code']", "src")).toMatch(/^data:image\/svg\+xml;base64,/);
    secret = (await page.textContent("[data-testid=totp-secret]"))!.trim();
    await page.click("[data-testid=totp-confirm-open]");
    await page.fill("[data-testid=totp-code]", "000000" === totpCode(secret) ? "111111" : "000000");
    await page.click("[data-testid=totp-confirm-confirm]");
    await page.waitForSelector("[data-testid=totp-confirm-error]");
    await page.fill("[data-testid=totp-code]", totpCode(secret));
    await page.click("[data-testid=totp-confirm-confirm]");
    await page.waitForSelector("[data-testid=recovery-codes]");
    const codes = (await page.locator("[data-testid=recovery-codes] li").allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await page.click("[data-testid=totp-confirm-close]");
    await page.waitForSelector("[data-testid=totp-enrolled]");
    expect(await page.textContent("[data-testid=totp-enrolled]")).toContain("10 recovery codes left");
  });

  it("signs out, then signs in with the password and then a code (no session in between)", async () => {
    await page.click("[data-testid=sign-out]");
    await page.waitForURL(/\/sign-in/);
    await signInWithPassword();
    await page.waitForSelector("[data-testid=sign-in-code]");
    expect(await sessionCookie()).toBeNull();
    // The next step's code: the enrolment used the current one (a replay would be refused).
    await page.fill("[data-testid=sign-in-code]", totpCode(secret, Date.now() + STEP_MS));
    await page.click("[data-testid=sign-in-submit]");
    await page.waitForSelector("[data-testid=current-user]");
    expect(await sessionCookie()).not.toBeNull();
  });

  it("asks to confirm it's you before engaging the global kill switch with an old sign-in", async () => {
    // The shortest window the setting allows, then let the sign-in grow older than it.
    expect((await setSetting(admin, "auth.stepUpMinutes", "1")).result).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 62_000));
    await page.goto(`${baseURL()}/kill-switch`);
    await page.click("[data-testid=engage-global-kill-switch]");
    await page.fill("#ks-reason", "step-up browser test");
    await page.click("[data-testid=kill-switch-next]");
    await page.waitForSelector("[data-testid=kill-switch-impact]");
    await page.click("[data-testid=kill-switch-confirm]");
    await page.waitForSelector("[data-testid=step-up-form]");
    expect(await page.textContent("[data-testid=kill-switch-error]")).toContain("sign-in within the last 1 minutes");
    await page.fill("[data-testid=step-up-password]", "not the password");
    await page.fill("[data-testid=step-up-code]", totpCode(secret));
    await page.click("[data-testid=step-up-confirm]");
    await page.waitForSelector("[data-testid=step-up-error]");
    await page.fill("[data-testid=step-up-password]", PASSWORD);
    await page.fill("[data-testid=step-up-code]", totpCode(secret));
    await page.click("[data-testid=step-up-confirm]");
    // The engage runs again by itself: the banner shows on every page.
    await page.waitForSelector("[data-testid=global-kill-switch-banner]", { timeout: 15_000 });
    expect(await page.isVisible("[data-testid=step-up-form]")).toBe(false);
    // Released by a fresh admin sign-in (this file's first admin cookie is older than a minute now).
    const fresh = await demoCookie("admin");
    await releaseGlobalSwitch(fresh);
    const list = await fetch(`${baseURL()}/api/v1/kill-switches`, { headers: { cookie: fresh } });
    expect(((await list.json()) as { engaged: { scope: string }[] }).engaged.some((k) => k.scope === "global")).toBe(
      false,
    );
  }, 120_000);
});
