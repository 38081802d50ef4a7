// Real Chromium against the production server: a relay reports a held message; security finds it
// on the Quarantine page, sees the redacted match in context and asks for its release, and cannot
// approve its own request; an admin approves; the holding relay gets the release command in its
// policy snapshot until it reports the message released and delivered, which the history shows.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { type FixtureCaller, Fixtures } from "./authz/fixtures";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoCookie, demoLogin } from "./support/http-session";

describe.skipIf(!hasChromium)("quarantine in the browser: four-eyes release", () => {
  let browser: Browser;
  let security: Page;
  let admin: Page;
  let fixtures: Fixtures;
  let relayToken: string;
  let messageId: string;

  async function signedIn(role: "security" | "admin"): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    const login = demoLogin(role);
    await new SignInPage(page).signInAndWait(login.email, login.password);
    return page;
  }

  const relayCall = (path: string, body?: unknown) =>
    fetch(`${baseURL()}/api/relay/v1${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${relayToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    const cookies = {} as Record<FixtureCaller, string>;
    for (const role of ROLES) cookies[role] = await demoCookie(role);
    cookies.requester = cookies.infra;
    cookies.releaser = cookies.security;
    fixtures = new Fixtures(cookies, "");
    relayToken = await fixtures.relayToken();
    const report = {
      ...fixtures.quarantineReport(),
      subject: "Card for the hotel",
      verdict: "DLP: Card numbers",
      findings: [
        {
          kind: "dlp",
          ruleName: "Card numbers",
          action: "quarantine",
          where: "text",
          count: 1,
          samples: [{ redacted: "•••• •••• •••• 4242", context: "my card •••• •••• •••• 4242 for the booking" }],
        },
      ],
    };
    messageId = report.id;
    expect((await relayCall("/quarantine", report)).status).toBe(201);
    browser = await launchBrowser();
    security = await signedIn("security");
    admin = await signedIn("admin");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists the held message, shows the redacted match in context, and refuses the requester's own approval", async () => {
    await security.goto(`${baseURL()}/quarantine?rule=card+numbers&status=held`);
    await security.click(`[data-testid=quarantine-table] a[href="/quarantine/${messageId}"] >> nth=0`);
    await security.waitForSelector("[data-testid=findings]");
    expect(await security.textContent("[data-testid=sample] mark")).toBe("•••• •••• •••• 4242");
    expect(await security.textContent("[data-testid=sample]")).toContain("my card");
    expect(await security.textContent("[data-testid=quarantine-status]")).toBe("Held");

    await security.click("[data-testid=release-request-open]");
    await security.fill("#release-request-reason", "test card from the travel agency's sandbox");
    await security.click("[data-testid=release-request-confirm]");
    await security.waitForSelector("[data-testid=release-approve-disabled]");
    expect(await security.textContent("[data-testid=quarantine-status]")).toBe("Release requested");
    expect(await security.isDisabled("[data-testid=release-approve-disabled]")).toBe(true);
    expect(await security.textContent("[data-testid=quarantine-note]")).toContain("You cannot approve your own");
    expect(await security.textContent("[data-testid=release-reject-open]")).toBe("Withdraw request");
  });

  it("lets an admin approve; the holding relay gets the command until it settles, and the history shows it all", async () => {
    await admin.goto(`${baseURL()}/quarantine/${messageId}`);
    expect(await admin.textContent("[data-testid=quarantine-note]")).toContain("waits for a second person");
    await admin.click("[data-testid=release-approve-open]");
    await admin.fill("#release-approve-comment", "checked with the sender");
    await admin.click("[data-testid=release-approve-confirm]");
    await admin.waitForSelector("[data-testid=release-approve-confirm]", { state: "detached" }).catch(async (e) => {
      throw new Error(`${e}: ${await admin.textContent("[role=dialog]")}`);
    });
    await expect.poll(() => admin.textContent("[data-testid=quarantine-status]"), { timeout: 10_000 }).toBe("Released");

    const snapshot = (await (await relayCall("/policy")).json()) as { quarantineCommands?: { id: string }[] };
    expect(snapshot.quarantineCommands?.filter((c) => c.id === messageId)).toEqual([
      expect.objectContaining({ id: messageId, action: "release" }),
    ]);
    const at = new Date().toISOString();
    expect((await relayCall(`/quarantine/${messageId}/settled`, { outcome: "released", at })).status).toBe(200);
    expect((await relayCall(`/quarantine/${messageId}/settled`, { outcome: "delivered", at })).status).toBe(200);
    const after = (await (await relayCall("/policy")).json()) as { quarantineCommands?: { id: string }[] };
    expect(after.quarantineCommands?.some((c) => c.id === messageId)).toBe(false);

    await admin.reload();
    expect(await admin.textContent("[data-testid=quarantine-status]")).toBe("Delivered");
    const steps = await admin.locator("[data-testid=timeline-step]").allTextContents();
    expect(steps.map((s) => s.split(" · ")[0].replace(/\d.*$/, "").trim())).toEqual([
      "Held by the relay",
      "Reported to the control plane",
      "Release requested",
      "Release approved",
      "Released into the relay's outbound queue",
      "Delivered",
    ]);
    expect(steps[2]).toContain("test card from the travel agency's sandbox");
    expect(await admin.locator("[data-testid=quarantine-actions] button").count()).toBe(0);
  });

  it("deletes a held message after a confirm with a reason, and the Overview counts what is held", async () => {
    const { id } = await fixtures.heldMessage();
    await security.goto(`${baseURL()}/`);
    expect(await security.textContent("[data-testid=stat-quarantine]")).toMatch(/^\d+ held$/);
    await security.goto(`${baseURL()}/quarantine/${id}`);
    await security.click("[data-testid=quarantine-delete-open]");
    await security.click("[data-testid=quarantine-delete-confirm]");
    await security.waitForSelector("[data-testid=error-quarantine-delete-reason]");
    await security.fill("#quarantine-delete-reason", "confirmed leak, sender informed");
    await security.click("[data-testid=quarantine-delete-confirm]");
    await expect
      .poll(() => security.textContent("[data-testid=quarantine-status]"), { timeout: 10_000 })
      .toBe("Deleted");
  });
});
