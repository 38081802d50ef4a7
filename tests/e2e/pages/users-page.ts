import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

// Page object for /users.
export class UsersPage {
  constructor(private readonly page: Page) {}

  async open() {
    return this.page.goto(`${baseURL()}/users`);
  }

  async createUser({ email, name, role }: { email: string; name: string; role: string }): Promise<string> {
    await this.page.click("[data-testid=create-user-open]");
    await this.page.fill("#new-email", email);
    await this.page.fill("#new-name", name);
    await this.page.selectOption("#new-role", role);
    await this.page.click("[data-testid=create-user-submit]");
    await this.page.waitForSelector("[data-testid=create-user-done]");
    return (await this.page.textContent("[data-testid=secret-once]"))!.trim();
  }

  row(email: string) {
    return this.page.locator(`[data-testid="user-row-${email}"]`);
  }

  async disable(email: string, reason: string) {
    await this.page.click(`[data-testid="disable-${email}"]`);
    await this.page.fill("#status-reason", reason);
    await this.page.click("[data-testid=user-status-confirm]");
    await this.row(email).getByText("disabled").waitFor();
  }
}
