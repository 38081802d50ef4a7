// Real Chromium: the Deliverability page renders charts from the demo traffic that came through
// the real relay, a filter changes them, and the CSV export equals the table on screen.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignInPage } from "./pages/sign-in-page";
import { hasChromium, launchBrowser } from "./support/browser";
import { baseURL, demoLogin } from "./support/http-session";

describe.skipIf(!hasChromium)("deliverability in the browser", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ acceptDownloads: true, timezoneId: "Asia/Tokyo" })).newPage();
    const comms = demoLogin("comms");
    await new SignInPage(page).signInAndWait(comms.email, comms.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const accepted = async () => Number(await page.getAttribute("[data-testid=total-accepted]", "data-value"));

  it("draws the charts with data once demo traffic has flowed, in the viewer's time zone", async () => {
    await expect
      .poll(
        async () => {
          await page.goto(`${baseURL()}/deliverability?range=1h`);
          return accepted();
        },
        { timeout: 90_000, interval: 3000 },
      )
      .toBeGreaterThan(0);
    await page.waitForSelector("[data-testid=chart-volume][data-ready=true] .recharts-line-curve");
    expect(Number(await page.getAttribute("[data-testid=chart-volume]", "data-points"))).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=chart-rate-bounce] .recharts-reference-line").count()).toBe(2);
    expect(await page.textContent("[data-testid=deliverability-range]")).toContain("Asia/Tokyo");
  });

  it("a recipient-domain filter narrows the data", async () => {
    const before = await accepted();
    const domains = await page.locator("[data-testid^=recipients-row-]").count();
    expect(domains).toBeGreaterThan(1);
    await page.fill("[data-testid=filter-recipient-domain]", "gmail.com");
    await page.press("[data-testid=filter-recipient-domain]", "Enter");
    await page.waitForURL(/recipientDomain=gmail\.com/);
    await expect.poll(() => page.locator("[data-testid^=recipients-row-]").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator("[data-testid='recipients-row-gmail.com']").count()).toBe(1);
    expect(await accepted()).toBeLessThan(before);
    await page.click("[data-testid=filter-clear]");
    await page.waitForURL((url) => !url.search.includes("recipientDomain"));
  });

  it("exports the senders table as CSV equal to what is shown", async () => {
    await page.waitForSelector("[data-testid^=senders-row-]");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-senders]")]);
    const csv = (await (await download.createReadStream()).toArray()).join("");
    const lines = csv.trim().split(/\r?\n/);
    const rows = await page
      .locator("[data-testid^=senders-row-]")
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.getAttribute("data-value") ?? "")),
      );
    expect(lines.length).toBe(rows.length + 1);
    for (const [i, row] of rows.entries()) expect(csvCells(lines[i + 1])).toEqual(row);
  });

  it("draws a long table a page at a time and exports every row of it", async () => {
    await page.goto(`${baseURL()}/deliverability?range=1h`);
    await page.click("summary:has-text('Chart data')");
    const status = page.locator("[data-testid=series-page-status]");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Rows 1–25 of \d+$/);
    const total = Number((await status.textContent())?.match(/of (\d+)$/)?.[1]);
    expect(total).toBeGreaterThan(25);
    const rowIds = () =>
      page.locator("[data-testid^=series-row-]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")));
    const firstPage = await rowIds();
    expect(firstPage).toHaveLength(25);
    await page.click("[data-testid=series-next]");
    await expect.poll(() => status.textContent()).toBe(`Rows 26–${Math.min(50, total)} of ${total}`);
    const secondPage = await rowIds();
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-series]")]);
    const csv = (await (await download.createReadStream()).toArray()).join("");
    expect(csv.trim().split(/\r?\n/)).toHaveLength(total + 1);
  });
});

// One RFC 4180 line into its cells (a trailing comma is a last, empty cell).
function csvCells(line: string): string[] {
  const cells: string[] = [];
  const field = /"((?:[^"]|"")*)"|([^,]*)/y;
  for (let at = 0; ; ) {
    field.lastIndex = at;
    const match = field.exec(line);
    cells.push(match?.[1] !== undefined ? match[1].replaceAll('""', '"') : (match?.[2] ?? ""));
    at = field.lastIndex;
    if (line[at] !== ",") return cells;
    at++;
  }
}
