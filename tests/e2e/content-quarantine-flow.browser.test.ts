// The whole content-security flow against the real demo relay: a security user adds a DLP rule
// (custom expression, action quarantine) to the Standard profile a demo sender uses and dry-runs
// a sample (match redacted); once the relay holds the new policy, a message sent to it over SMTP
// (STARTTLS + AUTH, a demo credential) is held and shows on the Quarantine page; security asks for
// its release, an admin approves, and the relay delivers it to the demo sink exactly once.
// Standard scans with clamd and rspamd and defers (451) without them: the test skips loudly when
// either is not installed, unless REQUIRE_SCANNERS=1.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listMessages } from "@/relay/sink/sink-store";
import { CLAMD_BIN, RSPAMD_BIN, scannerMissing } from "../support/scanners";
import { ContentPage } from "./pages/content-page";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";
import { sendThroughRelay } from "./support/smtp";

const SENDER = "Order confirmations";
const PROFILE = "Standard";
const RUN = Date.now().toString(36);
const RULE = `Project codes ${RUN}`;
// A project code the rule matches; random digits so no other mail of the run matches by chance.
const CODE = `NJX-${String(Math.floor(100_000 + Math.random() * 900_000))}`;
const SUBJECT = `Launch plan ${RUN}`;

const scannersMissing = scannerMissing(CLAMD_BIN, "clamav-daemon") || scannerMissing(RSPAMD_BIN, "rspamd");

describe.skipIf(!hasChromium || scannersMissing)(
  "content security end to end: DLP rule → relay → quarantine → four-eyes release → delivered",
  () => {
    let browser: Browser;
    let security: Page;
    let admin: Page;
    let credential: { username: string; secret: string; from: string };
    let quarantineUrl = "";
    const sinkDir = () => path.join(inject("dataDir"), "sink");
    const delivered = () => listMessages(sinkDir()).filter((m) => m.subject === SUBJECT);
    const figures: Record<string, number> = {};

    async function signedIn(role: "security" | "admin"): Promise<Page> {
      const page = await (await browser.newContext()).newPage();
      const login = demoLogin(role);
      await new SignInPage(page).signInAndWait(login.email, login.password);
      return page;
    }

    beforeAll(async () => {
      const secrets = JSON.parse(fs.readFileSync(path.join(inject("dataDir"), "demo-secrets.json"), "utf8")) as {
        sender: string;
        username: string;
        secret: string;
        from: string;
      }[];
      credential = secrets.find((s) => s.sender === SENDER)!;
      browser = await launchBrowser();
      security = await signedIn("security");
      admin = await signedIn("admin");
    });
    afterAll(async () => {
      console.log(`content-quarantine flow figures (ms): ${JSON.stringify(figures)}`);
      await browser?.close();
    });

    it("adds a DLP rule to the sender's profile and dry-runs a sample: the match shows redacted", async () => {
      const content = new ContentPage(security);
      await content.open();
      await content.profileRow(PROFILE).locator(`a:text-is("${PROFILE}")`).click();
      await security.waitForSelector("[data-testid=profile-settings-form]");
      await content.addRule({ name: RULE, detector: "regex", pattern: "NJX-[0-9]{6}", action: "quarantine" });
      expect(await content.ruleRow(RULE).textContent()).toContain("NJX");

      await content.dryRun({ subject: "Plan", text: `The launch code is ${CODE}, keep it internal.` });
      const row = content.dryRunRule(RULE);
      await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("matches");
      const match = (await row.locator("[data-testid=dry-run-match]").first().textContent()) ?? "";
      expect(match).toContain("*".repeat(CODE.length));
      expect(await content.dryRunOutput().textContent()).not.toContain(CODE);
    });

    it("the relay holds the message sent over SMTP and it shows on the Quarantine page", async () => {
      // The relay acts on the rule once it holds the policy version that has it.
      await security.goto(`${baseURL()}/relays`);
      const current = Number(await security.textContent("[data-testid=current-policy-version]"));
      const propagation = Date.now();
      await expect
        .poll(
          async () => Number(await security.getAttribute("[data-testid=relay-version-demo-relay]", "data-version")),
          { timeout: 15_000 },
        )
        .toBeGreaterThanOrEqual(current);
      figures.policySeenOnRelaysPage = Date.now() - propagation;

      const sent = await sendThroughRelay({
        user: credential.username,
        pass: credential.secret,
        from: credential.from,
        to: "partner@example.org",
        subject: SUBJECT,
        text: `Hello,\n\nthe launch code is ${CODE}. Keep it internal.\n`,
      });
      // Held is an accepted message (250): the sender is not told what was found.
      expect(sent).toEqual({ ok: true });
      const reported = Date.now();

      const listUrl = `${baseURL()}/quarantine?rule=${encodeURIComponent(RULE)}&status=held`;
      await expect
        .poll(
          async () => {
            await security.goto(listUrl);
            return security.locator("[data-testid=quarantine-row]").count();
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe(1);
      figures.sentToQuarantinePage = Date.now() - reported;
      const row = security.locator("[data-testid=quarantine-row]");
      expect(await row.textContent()).toContain(SENDER);
      expect(await row.textContent()).toContain(SUBJECT);
      const href = await row.locator("[data-testid=quarantine-open]").getAttribute("href");
      quarantineUrl = `${baseURL()}${href}`;

      await security.goto(quarantineUrl);
      await security.waitForSelector("[data-testid=findings]");
      expect(await security.textContent("[data-testid=findings]")).toContain(RULE);
      expect(await security.textContent("[data-testid=sample]")).not.toContain(CODE);
      expect(await security.textContent("[data-testid=quarantine-status]")).toBe("Held");
      // Not delivered while held.
      expect(delivered()).toHaveLength(0);
    });

    it("security requests the release, an admin approves, and the sink receives it exactly once", async () => {
      await security.goto(quarantineUrl);
      await security.click("[data-testid=release-request-open]");
      await security.fill("#release-request-reason", "code name only, cleared by the project lead");
      await security.click("[data-testid=release-request-confirm]");
      await security.waitForSelector("[data-testid=release-approve-disabled]");
      expect(await security.textContent("[data-testid=quarantine-status]")).toBe("Release requested");
      expect(delivered()).toHaveLength(0);

      await admin.goto(quarantineUrl);
      await admin.click("[data-testid=release-approve-open]");
      await admin.fill("#release-approve-comment", "agreed");
      // Timed from the click: the relay may deliver before the dialog has closed.
      const approved = Date.now();
      await admin.click("[data-testid=release-approve-confirm]");
      await admin.waitForSelector("[data-testid=release-approve-confirm]", { state: "detached" });

      await expect.poll(() => delivered().length, { timeout: 15_000, interval: 100 }).toBe(1);
      figures.approvedToSink = Date.now() - approved;
      const [message] = delivered();
      expect(message.to).toEqual(["partner@example.org"]);

      await expect
        .poll(
          async () => {
            await admin.reload();
            return admin.textContent("[data-testid=quarantine-status]");
          },
          { timeout: 15_000, interval: 500 },
        )
        .toBe("Delivered");
      figures.approvedToDeliveredStatus = Date.now() - approved;
      // Exactly once: nothing more arrives after the relay reported it delivered.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(delivered()).toHaveLength(1);
    });
  },
);
