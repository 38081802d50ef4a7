// The first admin of a deployment without the demo: npm run user:create -- --role admin asks for
// the email and prints a generated password once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { runScript } from "@/tests/support/run-script";

const onPostgres = Boolean(process.env.DATABASE_URL);
const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sy-user-create-"));
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

// On PostgreSQL the command uses this file's test database; on PGlite an embedded one of its own.
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: path.join(parent, "data") };
  delete env.SWITCHYARD_PGLITE_DIR;
  return env;
}

describe("npm run user:create -- --role admin", () => {
  it("asks for the email, creates the admin and shows a generated password once", async () => {
    const run = await runScript("scripts/user-create.ts", ["--role", "admin"], cliEnv(), "first-admin@example.com\n");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Email of the new admin: ");
    expect(run.stdout).toContain("Created admin first-admin@example.com");
    expect(run.stdout).toMatch(/Password \(shown once\): \S{16,}/);
    if (onPostgres) {
      const [user] = await getDb().select().from(users).where(eq(users.email, "first-admin@example.com"));
      expect(user.role).toBe("admin");
    }
  });

  it("without an answer: exit 2 and the usage, no user", async () => {
    const run = await runScript("scripts/user-create.ts", ["--role", "admin"], cliEnv(), "");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No email given\. Usage: npm run user:create -- --role/);
  });
});
