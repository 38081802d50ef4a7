// The host commands share one frame (scripts/lib/cli-flags.ts, scripts/lib/run-cli.ts): flags
// parsed by node:util parseArgs (a wrong one is a usage error, exit 2), a failure is one line
// "Error: …" with exit code 1 and no stack trace, also when the database cannot be reached.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript, STACK_LINE } from "@/tests/support/run-script";

const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sy-cli-runner-"));
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

// On PostgreSQL the command uses this file's test database; on PGlite an embedded one of its own.
function cliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: path.join(parent, "data"), ...overrides };
  delete env.SWITCHYARD_PGLITE_DIR;
  return env;
}

describe("host commands share one runner", () => {
  it("an unknown flag is a usage error (exit 2), not ignored", async () => {
    const run = await runScript(
      "scripts/token-create.ts",
      ["--email", "a@example.com", "--name", "ci", "--dayz", "9"],
      cliEnv(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "Unknown option '--dayz'. Usage: npm run token:create -- --email <user email> --name <label> [--days <1-365>]",
    );
  });

  it("a failure of the command is one line and exit code 1", async () => {
    const run = await runScript("scripts/token-create.ts", ["--email", "nobody@example.com", "--name", "ci"], cliEnv());
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("Error: No user with email nobody@example.com");
  });

  it("an unreachable database: one line naming the refused connection, exit 1, no stack trace", async () => {
    const run = await runScript(
      "scripts/db-migrate.ts",
      [],
      cliEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/never_opened" }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^Error: .*ECONNREFUSED/);
    expect(run.stderr + run.stdout).not.toMatch(STACK_LINE);
  });
});
