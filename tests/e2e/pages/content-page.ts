import type { Page } from "playwright-core";
import { baseURL } from "../support/http-session";

export interface RuleFields {
  name: string;
  detector: "card" | "iban" | "regex" | "keywords";
  pattern?: string;
  keywords?: string;
  nearKeywords?: string;
  action?: string;
}

// Page object for /content (profiles) and /content/{id} (one profile: rules and dry run).
export class ContentPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseURL()}/content`);
    await this.page.waitForSelector("[data-testid=profiles-table]");
  }

  profileRow(name: string) {
    return this.page.locator(`[data-testid="profile-row-${name}"]`);
  }

  // Creates a profile through the dialog; its page opens.
  async createProfile(name: string) {
    await this.page.click("[data-testid=new-profile-open]");
    await this.page.fill("#profile-name", name);
    await this.page.click("[data-testid=new-profile-confirm]");
    await this.page.waitForSelector("[data-testid=profile-settings-form]");
  }

  async openRuleDialog() {
    await this.page.click("[data-testid=add-rule-open]");
    await this.page.waitForSelector("#rule-name");
  }

  // Fills the open rule dialog and submits it.
  async submitRule(rule: RuleFields) {
    await this.page.fill("#rule-name", rule.name);
    await this.page.selectOption("[data-testid=rule-detector]", rule.detector);
    if (rule.pattern !== undefined) await this.page.fill("#rule-pattern", rule.pattern);
    if (rule.keywords !== undefined) await this.page.fill("#rule-keywords", rule.keywords);
    if (rule.nearKeywords !== undefined) await this.page.fill("#rule-near", rule.nearKeywords);
    if (rule.action) await this.page.selectOption("#rule-action", rule.action);
    await this.page.click("[data-testid=rule-submit]");
  }

  async addRule(rule: RuleFields) {
    await this.openRuleDialog();
    await this.submitRule(rule);
    await this.page.waitForSelector("[data-testid=rule-submit]", { state: "detached" });
    await this.ruleRow(rule.name).waitFor();
  }

  ruleRow(name: string) {
    return this.page.locator(`[data-testid="rule-row-${name}"]`);
  }

  fieldError(id: string) {
    return this.page.locator(`[data-testid="error-${id}"]`);
  }

  async cancelDialog() {
    await this.page.keyboard.press("Escape");
  }

  async dryRun(sample: { subject?: string; text?: string }) {
    if (sample.subject !== undefined) await this.page.fill("#dry-run-subject", sample.subject);
    if (sample.text !== undefined) await this.page.fill("#dry-run-text", sample.text);
    await this.page.click("[data-testid=dry-run-submit]");
    await this.page.waitForSelector("[data-testid=dry-run-output]");
  }

  dryRunRule(name: string) {
    return this.page.locator(`[data-testid="dry-run-rule-${name}"]`);
  }

  dryRunOutput() {
    return this.page.locator("[data-testid=dry-run-output]");
  }
}
