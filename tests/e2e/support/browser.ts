import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

// Chromium from CHROMIUM_PATH or Debian's package. Without it the browser tests are skipped with a
// loud notice, unless REQUIRE_E2E=1 (CI), where a missing browser is a failure.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  const notice = `\n${"!".repeat(78)}\n!! BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}.\n!! Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n${"!".repeat(78)}\n`;
  if (process.env.REQUIRE_E2E === "1") throw new Error(`REQUIRE_E2E=1 but no Chromium at ${CHROMIUM_PATH}`);
  console.warn(notice);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
