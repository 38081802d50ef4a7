import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

// Page object for /sign-in.
export class SignInPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseURL()}/sign-in`);
  }

  async signIn(email: string, password: string) {
    await this.open();
    await this.page.fill("#email", email);
    await this.page.fill("#password", password);
    await this.page.click("[data-testid=sign-in-submit]");
  }

  async signInAndWait(email: string, password: string) {
    await this.signIn(email, password);
    await this.page.waitForSelector("[data-testid=current-user]");
  }

  error() {
    return this.page.locator("[data-testid=sign-in-error]");
  }
}
