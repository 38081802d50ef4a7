// npm run bench:page [-- --url http://127.0.0.1:3000 --runs 12 --range 30d]
// Deliverability page load time in a real Chromium (Debian's package, as the browser tests use):
// from navigation start to the page showing its data — the volume chart drawn (after its
// animation), the totals and the per-sender and per-recipient-domain tables filled — signed in as
// the demo comms user. Side by side, alternating run by run, with the same app's sign-in page
// (no data, same shell, fonts and scripts) as the floor: the ratio is what the data costs.
// Run it against a control plane holding traffic (npm start, then npm run demo:traffic, or a copy
// after npm run bench:ingest). Prints p50/p95 and the browser's own navigation timing.
//   --url / SWITCHYARD_URL (http://127.0.0.1:3000), --runs / BENCH_RUNS (12), --range (30d; 1h, 24h, 7d)
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { DEMO_USERS } from "../lib/demo/seed";
import { signInCookieAt } from "../tests/support/sign-in";
import { loadAverage as load, percentile } from "./support/bench-common";
import { controlPlaneUrl, numberOption } from "./support/bench-options";

const { values } = parseArgs({
  options: { url: { type: "string" }, runs: { type: "string" }, range: { type: "string" } },
});
const BASE_URL = controlPlaneUrl(values.url);
const RUNS = numberOption(values.runs, "BENCH_RUNS", 12);
const RANGE = values.range ?? "30d";
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const TIMEOUT_MS = 60_000;
const sortedPercentile = (xs: number[], p: number) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    p,
  );

// Loaded means: data drawn, not only a skeleton.
const DELIVERABILITY_READY = [
  "[data-testid=chart-volume][data-ready=true] .recharts-line-curve",
  "[data-testid=deliverability-totals]",
  "[data-testid^=senders-row-]",
  "[data-testid^=recipients-row-]",
];

const comms = DEMO_USERS.find((u) => u.role === "comms");
if (!comms) throw new Error("no demo comms user");
const [name, value] = (await signInCookieAt(BASE_URL, comms.email, comms.password)).split(/=(.*)/s);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const signedIn = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await signedIn.addCookies([{ name, value, url: BASE_URL }]);
const anonymous = await browser.newContext({ viewport: { width: 1440, height: 900 } });

interface Sample {
  loadedMs: number;
  // The browser's navigation timing: response start (server time to first byte) and DOMContentLoaded.
  ttfbMs: number;
  domContentLoadedMs: number;
}

async function measure(context: typeof signedIn, path: string, ready: string[]): Promise<Sample> {
  const page = await context.newPage();
  try {
    const started = performance.now();
    await page.goto(`${BASE_URL}${path}`, { timeout: TIMEOUT_MS });
    for (const selector of ready) await page.waitForSelector(selector, { timeout: TIMEOUT_MS });
    const loadedMs = performance.now() - started;
    const timing = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return {
        ttfbMs: nav.responseStart - nav.startTime,
        domContentLoadedMs: nav.domContentLoadedEventEnd - nav.startTime,
      };
    });
    return { loadedMs, ...timing };
  } finally {
    await page.close();
  }
}

const targets = [
  {
    label: `Deliverability (${RANGE}) with data`,
    run: () => measure(signedIn, `/deliverability?range=${RANGE}`, DELIVERABILITY_READY),
  },
  { label: "Sign-in page (floor)", run: () => measure(anonymous, "/sign-in", ["form"]) },
];
console.log(`Page load at ${BASE_URL}: ${RUNS} runs each, alternating; 2 warm-up runs each; load average ${load()}`);
const samples: Sample[][] = targets.map(() => []);
for (const target of targets) for (let i = 0; i < 2; i++) await target.run();
for (let i = 0; i < RUNS; i++) {
  for (let k = 0; k < targets.length; k++) {
    const index = (k + i) % targets.length;
    samples[index].push(await targets[index].run());
  }
}
await browser.close();

const rows = targets.map((target, i) => {
  const of = (pick: (s: Sample) => number) => samples[i].map(pick);
  return {
    page: target.label,
    "loaded p50 ms": Math.round(
      sortedPercentile(
        of((s) => s.loadedMs),
        50,
      ),
    ),
    "loaded p95 ms": Math.round(
      sortedPercentile(
        of((s) => s.loadedMs),
        95,
      ),
    ),
    "TTFB p50 ms": Math.round(
      sortedPercentile(
        of((s) => s.ttfbMs),
        50,
      ),
    ),
    "DOMContentLoaded p50 ms": Math.round(
      sortedPercentile(
        of((s) => s.domContentLoadedMs),
        50,
      ),
    ),
  };
});
console.table(rows);
console.log(
  `Deliverability loaded / sign-in floor (p50): ${(rows[0]["loaded p50 ms"] / rows[1]["loaded p50 ms"]).toFixed(2)}×. Load average at end ${load()}.`,
);
