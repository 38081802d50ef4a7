// npm test – lint, the layer check, typecheck, unit tests, integration tests on the embedded database (and on
// PostgreSQL too when TEST_DATABASE_URL is set), the reference relay's SMTP tests (real Haraka),
// then end-to-end tests against the production build with the real relay and sink (browser tests
// skip loudly without Chromium unless REQUIRE_E2E=1), then several dashboard replicas on one
// PostgreSQL (TEST_DATABASE_URL; skipped loudly without it unless REQUIRE_E2E=1).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runToEnd, runToFile } from "./lib/processes";

interface Step {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
  report?: string;
}

const bin = (name: string) => path.resolve("node_modules/.bin", name);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
const vitest = (project: string, report: string, env?: NodeJS.ProcessEnv): Step => ({
  name: `${project}${env?.TEST_DATABASE_URL ? " (PostgreSQL)" : project === "integration" ? " (PGlite)" : ""}`,
  command: [
    bin("vitest"),
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${path.join(reportDir, report)}`,
  ],
  env,
  report,
});

const withoutPg = { ...process.env };
delete withoutPg.TEST_DATABASE_URL;
delete withoutPg.DATABASE_URL;

// Run one after the other, except the lanes of a parallel stage. The PostgreSQL pass and the relay
// tests wait mostly on PostgreSQL and Haraka, while the PGlite pass keeps one core busy (vitest
// runs one file at a time on 2 cores): side by side they end at about the time the PGlite pass
// alone does. The first lane writes to the terminal, the others to files shown when they end.
type Lane = Step[];
const stages: Lane[][] = [
  [[{ name: "lint (biome)", command: [bin("biome"), "check", "."] }]],
  [[{ name: "layers (scripts/check-layers.ts)", command: [bin("tsx"), "scripts/check-layers.ts"] }]],
  [[{ name: "typecheck (tsc)", command: [bin("tsc"), "--noEmit"] }]],
  [[vitest("unit", "unit.json")]],
  [
    [vitest("integration", "integration-pglite.json", withoutPg)],
    [
      ...(process.env.TEST_DATABASE_URL
        ? [
            vitest("integration", "integration-pg.json", {
              ...withoutPg,
              TEST_DATABASE_URL: process.env.TEST_DATABASE_URL,
            }),
          ]
        : []),
      vitest("relay", "relay.json", withoutPg),
    ],
  ],
  [[vitest("e2e", "e2e.json", withoutPg)]],
  // Dashboard replicas on one PostgreSQL: needs TEST_DATABASE_URL (skipped loudly without it).
  [[vitest("fleet", "fleet.json", { ...withoutPg, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL })]],
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];
let failedSteps = 0;

async function runStep(step: Step, logFile: string | null): Promise<void> {
  if (!logFile) console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const [command, ...args] = step.command;
  const env = step.env ?? process.env;
  const code = await (logFile ? runToFile(command, args, env, logFile) : runToEnd(command, args, env));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts = "";
  const reportFile = step.report && path.join(reportDir, step.report);
  if (reportFile && fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    counts = ` — ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`;
  }
  if (code !== 0) failedSteps++;
  summary.push(`${code === 0 ? "✓" : "✗"} ${step.name} (${seconds} s)${counts}`);
}

for (const lanes of stages) {
  const logged: { step: Step; file: string }[] = [];
  await Promise.all(
    lanes.map(async (lane, i) => {
      for (const [j, step] of lane.entries()) {
        const file = i === 0 ? null : path.join(reportDir, `lane-${i}-${j}.log`);
        if (file) logged.push({ step, file });
        await runStep(step, file);
      }
    }),
  );
  for (const { step, file } of logged)
    console.log(`\n━━ ${step.name} (ran beside the step above) ━━\n${fs.readFileSync(file, "utf8")}`);
}

console.log(`\n━━ summary ━━\n${summary.join("\n")}`);
if (totals.skipped > 0) console.log(`\n!! ${totals.skipped} test(s) were SKIPPED (see the notices above).`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps > 0 || totals.failed > 0 ? 1 : 0);
