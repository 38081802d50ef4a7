import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

// Page object for /relays.
export class RelaysPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseURL()}/relays`);
    await this.page.waitForSelector("[data-testid=current-policy-version]");
  }

  registerButton() {
    return this.page.locator("[data-testid=register-relay-open]");
  }

  // Registers through the dialog and returns the token it shows once.
  async register(name: string): Promise<string> {
    await this.registerButton().click();
    await this.page.fill("#relay-name", name);
    await this.page.click("[data-testid=register-relay-submit]");
    const token =
      (await this.page.textContent("[data-testid=register-relay-done] [data-testid=secret-once]"))?.trim() ?? "";
    await this.page.click("[data-testid=register-relay-close]"); // only Done closes a token shown once
    return token;
  }

  row(name: string) {
    return this.page.locator(`[data-testid="relay-row-${name}"]`);
  }

  // How the relay counts rate limits, as the Rate limits cell says it.
  rateLimits(name: string) {
    return this.page.locator(`[data-testid="relay-rate-limits-${name}"]`);
  }

  // Selectors of the keys the relay holds that are still in DNS.
  async heldSelectors(name: string): Promise<string[]> {
    const keys = this.page.locator(`[data-testid="relay-keys-${name}"] [data-testid=relay-held-key]`);
    return (await keys.evaluateAll((items) => items.map((item) => item.getAttribute("data-selector") ?? ""))).sort();
  }

  // Revoke and rotate through the dialog; says whether the button waited for the typed name.
  async revokeAndRotate(name: string, reason: string): Promise<{ disabledBeforeName: boolean }> {
    await this.page.click(`[data-testid="revoke-rotate-open-${name}"]`);
    await this.page.fill("[data-testid=revoke-rotate-reason]", reason);
    const disabledBeforeName = await this.page.isDisabled("[data-testid=revoke-rotate-submit]");
    await this.page.fill("[data-testid=revoke-rotate-confirm]", name);
    await this.page.click("[data-testid=revoke-rotate-submit]");
    await this.page.waitForSelector("[data-testid=revoke-rotate-submit]", { state: "detached" });
    return { disabledBeforeName };
  }
}
