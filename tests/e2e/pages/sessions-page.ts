import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

// Page object for /account/sessions (and an admin's /users/{id}/sessions: same table).
export class SessionsPage {
  constructor(private readonly page: Page) {}

  async open() {
    return this.page.goto(`${baseURL()}/account/sessions`);
  }

  // From the user menu, as a user finds it.
  async openFromMenu() {
    await this.page.click("[data-testid=account-sessions]");
    await this.page.waitForURL(/\/account\/sessions$/);
    await this.page.waitForSelector("[data-testid=sessions-table]");
  }

  rows(status?: "active" | "expired" | "revoked") {
    return this.page.locator(`[data-testid^=session-row-]${status ? `[data-status=${status}]` : ""}`);
  }

  // Live sessions other than this browser's.
  otherActiveRows() {
    return this.page.locator("[data-testid^=session-row-][data-status=active]:not(:has([data-testid=this-session]))");
  }

  currentRow() {
    return this.page.locator("[data-testid^=session-row-]:has([data-testid=this-session])");
  }

  async revoke(row: ReturnType<SessionsPage["rows"]>, reason: string) {
    await row.locator("[data-testid^=revoke-session-]").click();
    await this.page.fill("#revoke-session-reason", reason);
    await this.page.click("[data-testid=revoke-session-confirm]");
  }

  async revokeOthers() {
    await this.page.click("[data-testid=revoke-other-sessions]");
    await this.page.click("[data-testid=revoke-other-sessions-confirm]");
  }
}
