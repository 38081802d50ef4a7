// The soak's short version (CI): all four faults, shortened, and the checks of its JSON report.
// It restarts the machine's PostgreSQL and stops its Redis for a few seconds (see scripts/soak).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { MAX_REPEATED_AFTER_KILL, type SoakReport } from "@/scripts/soak/report";
import { announceSkipIfNoPostgres, fleetAdminUrl } from "./support/fleet-postgres";

const SOAK_TIMEOUT_MS = 15 * 60_000;

// Like every fleet test: only where PostgreSQL is given (TEST_DATABASE_URL; CI).
announceSkipIfNoPostgres();

function runSoak(reportFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/soak/run.ts", "--short", "--minutes", "1", "--report", reportFile],
      { env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test.skipIf(!fleetAdminUrl)(
  "the fleet survives a replica restart, a PostgreSQL restart, a Redis outage and a killed relay",
  async () => {
    const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "soak-test-")), "report.json");
    const { code, output } = await runSoak(reportFile);
    expect(fs.existsSync(reportFile), output).toBe(true);
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as SoakReport;

    expect(report.faults.map((f) => f.survived)).toEqual([true, true, true, true]);
    expect(report.run.drained, JSON.stringify(report.run.leftAfterDrain)).toBe(true);
    expect(report.messages.accepted).toBeGreaterThan(0);
    expect(report.messages.lost, JSON.stringify(report.messages.lostIds)).toBe(0);
    expect(report.messages.duplicated, JSON.stringify(report.messages.duplicatedIds)).toBe(0);
    // Only SMTP's own window: taken by the next hop, killed before its queue file was removed.
    expect(report.messages.repeatedAfterKill).toBeLessThanOrEqual(MAX_REPEATED_AFTER_KILL);
    expect(report.events.missing, JSON.stringify(report.events.missingIds)).toBe(0);
    expect(report.events.duplicated).toBe(0);
    expect(report.events.spooled).toBeGreaterThan(report.messages.accepted);
    for (const limit of report.limits)
      expect(limit.maxAcceptedInAMinute, limit.sender).toBeLessThanOrEqual(limit.allowed);
    // The limited sender was offered more than its limit, so the limit was really exercised.
    expect(report.limits.some((l) => l.offeredPerMinute > l.perMinute)).toBe(true);
    expect(report.rss.every((r) => r.startMb !== null && r.endMb !== null)).toBe(true);
    expect(code, output.slice(-4000)).toBe(0);
  },
  SOAK_TIMEOUT_MS,
);
