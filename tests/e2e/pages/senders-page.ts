import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

// Page objects for /domains, /senders/new and /senders/[id].
const DOMAIN_PAGE = /\/domains\/[0-9a-f-]{36}$/;
const ADD_DOMAIN_ERROR = "[data-testid=add-domain-error]";

export class DomainsPage {
  constructor(private readonly page: Page) {}

  async add(domain: string) {
    await this.page.goto(`${baseURL()}/domains`);
    await this.page.click("[data-testid=add-domain-open]");
    await this.page.fill("#domain-name", domain);
    await this.page.click("[data-testid=add-domain-submit]");
    // Added: the dialog closes and the domain's page opens. Refused: the dialog says why, and so
    // does the test, instead of failing later on a domain that is not there.
    const refusal = this.page.locator(ADD_DOMAIN_ERROR);
    await this.page.waitForFunction(
      ({ page, error }) => new RegExp(page).test(window.location.pathname) || document.querySelector(error) !== null,
      { page: DOMAIN_PAGE.source, error: ADD_DOMAIN_ERROR },
    );
    if (await refusal.isVisible()) throw new Error(`Adding ${domain} was refused: ${await refusal.textContent()}`);
    await this.page.waitForURL(DOMAIN_PAGE);
  }
}

export class SenderPage {
  constructor(private readonly page: Page) {}

  async register({ name, domain }: { name: string; domain: string }): Promise<string> {
    await this.page.goto(`${baseURL()}/senders/new`);
    await this.page.fill("#sender-name", name);
    await this.page.selectOption("#sender-kind", "internal_cloud");
    await this.page.fill("#sender-owner", "Payments");
    await this.page.fill("#sender-contact", "payments@example.com");
    await this.page.fill("#sender-purpose", "Invoices and payment receipts for customers");
    await this.page.check(`[data-testid="domain-${domain}"]`);
    await this.page.fill("#sender-rate-minute", "60");
    await this.page.fill("#sender-rate-day", "5000");
    await this.page.fill("#sender-review", "2030-06-30");
    await this.page.click("[data-testid=sender-submit]");
    await this.page.waitForURL(/\/senders\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").pop()!;
  }

  async open(id: string) {
    await this.page.goto(`${baseURL()}/senders/${id}`);
    await this.page.waitForSelector("[data-testid=sender-status]");
  }

  status() {
    return this.page.textContent("[data-testid=sender-status]");
  }

  async decide(decision: "approve" | "reject", comment: string) {
    await this.page.click(`[data-testid=sender-${decision}-open]`);
    await this.page.fill("#decision-comment", comment);
    await this.page.click("[data-testid=sender-decision-confirm]");
  }

  async lifecycle(action: "activate" | "suspend" | "resume" | "retire", reason = "") {
    await this.page.click(`[data-testid=sender-${action}-open]`);
    if (reason) await this.page.fill(`#reason-${action}`, reason);
    await this.page.click("[data-testid=sender-lifecycle-confirm]");
  }

  // Edits the rate per minute on the edit page and returns what the form says after saving.
  async editRatePerMinute(id: string, perMinute: number): Promise<string> {
    await this.page.goto(`${baseURL()}/senders/${id}/edit`);
    await this.page.fill("#sender-rate-minute", String(perMinute));
    await this.page.click("[data-testid=sender-submit]");
    const notice = this.page.locator("[data-testid=sender-form-awaiting]");
    await notice.waitFor();
    return (await notice.textContent()) ?? "";
  }

  async decideChange(decision: "approve" | "reject", comment: string) {
    await this.page.click(`[data-testid=change-${decision}-open]`);
    await this.page.fill("#decision-comment", comment);
    await this.page.click("[data-testid=change-decision-confirm]");
  }

  async issueCredential(): Promise<{ username: string; secret: string }> {
    await this.page.click("[data-testid=credential-issue-open]");
    await this.page.click("[data-testid=credential-issue-submit]");
    await this.page.waitForSelector("[data-testid=credential-issued]");
    const username = (await this.page.textContent("[data-testid=credential-username]"))!.trim();
    const secret = (await this.page.textContent("[data-testid=secret-once]"))!.trim();
    return { username, secret };
  }
}
