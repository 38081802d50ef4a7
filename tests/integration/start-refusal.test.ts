// npm start on PostgreSQL refuses a missing or weak SWITCHYARD_SECRET before anything else (port,
// build, database): exit code 1, one clear line naming the variable and how to make one, no stack.

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, STACK_LINE } from "@/tests/support/run-script";

// The test database on a PostgreSQL run; on PGlite runs a URL nobody connects to (the refusal
// comes before any connection).
const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/switchyard_never_opened";
const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sy-start-refusal-"));
const dataDir = path.join(parent, "not-created");
// The dashboard's port is taken: a start that got past the configuration would stop there (and
// never reach the build), with another message.
const busy = net.createServer();
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  port = (busy.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  fs.rmSync(parent, { recursive: true, force: true });
});

function startEnv(secret: string | undefined, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SWITCHYARD_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    ...overrides,
  };
  delete env.SWITCHYARD_SECRET;
  delete env.SWITCHYARD_PGLITE_DIR;
  if (secret !== undefined) env.SWITCHYARD_SECRET = secret;
  return env;
}

describe("npm start on PostgreSQL checks SWITCHYARD_SECRET first", () => {
  it("without SWITCHYARD_SECRET: exit 1, the variable and how to make one, no stack trace", async () => {
    const run = await runScript("scripts/start.ts", [], startEnv(undefined));
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      "Cannot start Switchyard: SWITCHYARD_SECRET is required with DATABASE_URL (PostgreSQL): every replica must share it to decrypt the DKIM keys; make one with: openssl rand -base64 48",
    );
    expect(run.stderr + run.stdout).not.toMatch(STACK_LINE);
    expect(run.stdout).not.toMatch(/Building|Build is up to date/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("with a weak SWITCHYARD_SECRET (a repeated pattern): exit 1 and why", async () => {
    const run = await runScript("scripts/start.ts", [], startEnv("changeme".repeat(6)));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Cannot start Switchyard: SWITCHYARD_SECRET is too predictable .*openssl rand -base64 48/,
    );
    expect(run.stderr + run.stdout).not.toMatch(STACK_LINE);
  });

  it("with an unreachable database: exit 1, one line naming it, no stack trace and no build", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const env = startEnv(randomBytes(48).toString("base64"), {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/switchyard`,
      PORT: String(freePort),
    });
    const run = await runScript("scripts/start.ts", [], env);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^Cannot start Switchyard: the database: .*connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}$`),
      ),
    ]);
    expect(run.stderr + run.stdout).not.toMatch(STACK_LINE);
    expect(run.stdout).not.toMatch(/Building|Build is up to date/);
  });
});
