// npm run token:create while npm start runs on the embedded database (the e2e server): the server
// that holds the database mints the token over its admin socket, and the token works at once.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runScript } from "@/tests/support/run-script";

const COMMAND_TIMEOUT_MS = 120_000;

describe("host commands beside npm start", () => {
  it("token:create mints a working token, recorded as the host operator's act", async () => {
    const dataDir = inject("dataDir");
    const socketPath = path.join(dataDir, "admin", "admin.sock");
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);

    const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.SWITCHYARD_PGLITE_DIR;
    const args = ["--email", "admin@switchyard.local", "--name", "cli-beside-e2e"];
    const run = await runScript("scripts/token-create.ts", args, env, "", COMMAND_TIMEOUT_MS);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const token = run.stdout.trim().split("\n")[1];

    const answer = await fetch(`${inject("baseURL")}/api/v1/audit?action=api_token.create&limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const { entries } = (await answer.json()) as { entries: { actorLabel: string; after: { name?: string } }[] };
    expect(entries[0]).toMatchObject({
      actorLabel: "host operator (npm run token:create)",
      after: { name: "cli-beside-e2e" },
    });
  });
});
