// The host commands beside a running server on the embedded database (PGlite allows one process):
// this test process plays the server (it holds the data directory's lock and runs the admin channel
// the way instrumentation.ts does in the Next server), and the real scripts run as child processes.
// Their output, exit codes and audit entries must match those of the same commands run directly
// on the same directory before the "server" took it.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { auditLog, users } from "@/db/schema";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { ADMIN_DIR_MODE, ADMIN_SOCKET_MODE, MAX_REQUEST_BYTES } from "@/lib/server/admin-channel/admin-protocol";
import { sendAdminCommand } from "@/lib/server/admin-channel/send-admin-command";
import { type AdminChannel, startAdminChannel } from "@/lib/server/admin-channel/serve-admin-channel";
import { runScript, type ScriptRun, STACK_LINE } from "@/tests/support/run-script";

const COMMAND_TIMEOUT_MS = 120_000;
const CLI_LABELS = ["cli user:create", "host operator (npm run token:create)"];
const BAD_DAYS = ["--name", "ci", "--days", "999"];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-cli-beside-"));
const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, SWITCHYARD_PGLITE_DIR: process.env.SWITCHYARD_PGLITE_DIR };
const cliEnv: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: dataDir };
delete cliEnv.DATABASE_URL;
delete cliEnv.SWITCHYARD_PGLITE_DIR;

const cli = (script: string, args: string[], stdin = "") =>
  runScript(`scripts/${script}.ts`, args, cliEnv, stdin, COMMAND_TIMEOUT_MS);

// Without what differs by nature between two runs (sequence, time, ids, hashes, names).
async function auditShapes(fromSeq: number) {
  const rows = await getDb().select().from(auditLog).orderBy(asc(auditLog.seq));
  return rows
    .filter((row) => row.seq > fromSeq)
    .map((row) => ({
      actorLabel: row.actorLabel,
      actorId: row.actorId,
      actorRole: row.actorRole,
      action: row.action,
      targetType: row.targetType,
      ip: row.ip,
      beforeKeys: Object.keys((row.before as object | null) ?? {}).sort(),
      afterKeys: Object.keys((row.after as object | null) ?? {}).sort(),
    }));
}

// Raw bytes to the socket, its whole answer back.
function exchange(socketPath: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = net.createConnection(socketPath, () => socket.write(payload));
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

let channel: AdminChannel | undefined;
const direct: Record<string, ScriptRun> = {};
let directAudit: Awaited<ReturnType<typeof auditShapes>> = [];
let directLastSeq = 0;
let relayLabel = "";

// The channel exists for the embedded database only (with DATABASE_URL the commands run directly,
// tests/integration/cli-runner.test.ts): the PostgreSQL pass of the suite skips this file.
describe.skipIf(process.env.TEST_DATABASE_URL)("host commands while a server holds the embedded database", () => {
  beforeAll(async () => {
    // The direct path: nobody holds the directory, each command opens (and migrates) it itself.
    direct.user = await cli("user-create", ["--role", "admin", "--email", "direct@example.com"]);
    direct.token = await cli("token-create", ["--email", "direct@example.com", "--name", "direct"]);
    direct.relay = await cli("relay-register", ["--name", "relay-direct"]);
    direct.badDays = await cli("token-create", ["--email", "direct@example.com", ...BAD_DAYS]);
    direct.verify = await cli("audit-verify", []);

    // The "server": this process takes the directory (its lock) and opens the admin channel.
    await closeDb();
    delete process.env.DATABASE_URL;
    process.env.SWITCHYARD_PGLITE_DIR = dataDir;
    await runMigrations();
    directAudit = await auditShapes(0);
    directLastSeq = directAudit.length;
    const [relayEntry] = await getDb()
      .select()
      .from(auditLog)
      .where(inArray(auditLog.action, ["relay.register"]));
    relayLabel = relayEntry?.actorLabel ?? "";
    channel = await startAdminChannel();
  }, 300_000);

  afterAll(async () => {
    await channel?.close();
    await closeDb();
    Object.assign(process.env, savedEnv);
    if (savedEnv.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("the direct path worked (the baseline)", () => {
    for (const run of [direct.user, direct.token, direct.relay, direct.verify]) expect(run.code, run.stderr).toBe(0);
    expect(relayLabel).toMatch(/^cli relay:register by .+@.+/);
    expect(directAudit.map((entry) => entry.action)).toEqual(["user.create", "api_token.create", "relay.register"]);
  });

  it("listens on a 0600 socket in a 0700 directory", () => {
    expect(channel).toBeDefined();
    const socketPath = channel?.socketPath ?? "";
    expect(socketPath).toBe(path.join(dataDir, "admin", "admin.sock"));
    expect(fs.statSync(socketPath).isSocket()).toBe(true);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(ADMIN_SOCKET_MODE);
    expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(ADMIN_DIR_MODE);
  });

  it("user:create, token:create, relay:register and audit:verify work, with the same audit entries", async () => {
    const logged = [vi.spyOn(console, "log"), vi.spyOn(console, "error"), vi.spyOn(console, "warn")];
    try {
      const user = await cli("user-create", ["--role", "admin", "--email", "beside@example.com"]);
      expect(user.stderr).toBe("");
      expect(user.code).toBe(0);
      expect(user.stdout).toContain("Created admin beside@example.com");
      const password = user.stdout.match(/Password \(shown once\): (\S{16,})/)?.[1] ?? "";
      expect(password).not.toBe("");

      const tokenRun = await cli("token-create", ["--email", "beside@example.com", "--name", "beside"]);
      expect(tokenRun.stderr).toBe("");
      expect(tokenRun.code).toBe(0);
      expect(tokenRun.stdout).toMatch(/^Token "beside" for beside@example.com \(role admin\), expires \S+:\n\S+\n$/);
      const token = tokenRun.stdout.trim().split("\n")[1];
      // The token minted by the server authenticates, as its owner.
      const [owner] = await getDb().select().from(users).where(eq(users.email, "beside@example.com"));
      const context = await authenticateApiToken({ token, ip: null });
      expect(context.actor.id).toBe(owner.id);

      const relay = await cli("relay-register", ["--name", "relay-beside"]);
      expect(relay.stderr).toBe("");
      expect(relay.code).toBe(0);
      expect(relay.stdout).toMatch(/^Relay relay-beside registered\. Its token \(shown once\):\n\S+\n$/);
      const relayToken = relay.stdout.trim().split("\n")[1];

      // The same entries, in the same order, as the direct commands wrote (the direct run also
      // migrated, which audits nothing).
      const besideAudit = await auditShapes(directLastSeq);
      expect(besideAudit).toEqual(directAudit);
      expect(besideAudit.map((e) => e.actorLabel)).toEqual(expect.arrayContaining([...CLI_LABELS, relayLabel]));

      const verify = await cli("audit-verify", []);
      const entries = (await getDb().select({ seq: auditLog.seq }).from(auditLog)).length;
      expect(verify.code).toBe(0);
      expect(verify.stdout).toBe(`Audit chain intact: ${entries} entries verified.\n`);
      expect(direct.verify.stdout).toBe(`Audit chain intact: ${directLastSeq} entries verified.\n`);

      // The server side printed nothing, least of all a secret.
      const printed = logged.flatMap((spy) => spy.mock.calls.flat().map(String)).join("\n");
      for (const secret of [password, token, relayToken]) expect(printed).not.toContain(secret);
    } finally {
      for (const spy of logged) spy.mockRestore();
    }
  }, 300_000);

  it("a bad argument or a failure: the same one line and exit code 1 as the direct path", async () => {
    const badDays = await cli("token-create", ["--email", "direct@example.com", ...BAD_DAYS]);
    expect(badDays.code).toBe(1);
    expect(direct.badDays.code).toBe(1);
    expect(badDays.stderr).toBe(direct.badDays.stderr);
    expect(badDays.stderr).toMatch(/^Error: .*expiresInDays.*\n$/);
    const noUser = await cli("token-create", ["--email", "nobody@example.com", "--name", "ci"]);
    expect(noUser.code).toBe(1);
    // As the direct path prints it (tests/integration/cli-runner.test.ts).
    expect(noUser.stderr).toBe("Error: No user with email nobody@example.com\n");
    expect(noUser.stderr + badDays.stderr).not.toMatch(STACK_LINE);
  }, 120_000);

  it("refuses any other command and anything that is not a request", async () => {
    const socketPath = channel?.socketPath ?? "";
    const seed = await sendAdminCommand(socketPath, { command: "db:seed", args: {} });
    expect(seed).toEqual({
      stdout: [],
      stderr: [
        'Error: Unknown command "db:seed"; the admin channel accepts token:create, user:create, relay:register, audit:verify.',
      ],
      exitCode: 1,
    });
    const inherited = await sendAdminCommand(socketPath, { command: "constructor", args: {} });
    expect(inherited.exitCode).toBe(1);
    // Arguments beyond the command's own flags are refused by its schema, before it runs.
    const extra = await sendAdminCommand(socketPath, { command: "audit:verify", args: { repair: true } });
    expect(extra.exitCode).toBe(1);
    expect(extra.stderr[0]).toMatch(/^Error: /);
    expect(JSON.parse(await exchange(socketPath, "hello\n"))).toEqual({
      stdout: [],
      stderr: ["Error: The admin channel takes one JSON line {command, args}."],
      exitCode: 1,
    });
    const endless = await exchange(socketPath, "x".repeat(MAX_REQUEST_BYTES + 1));
    expect(JSON.parse(endless)).toEqual({ stdout: [], stderr: ["Error: Request too long."], exitCode: 1 });
  });

  it("without the channel, a command names the process holding the database, as before", async () => {
    await channel?.close();
    expect(fs.existsSync(channel?.socketPath ?? "")).toBe(false);
    channel = undefined;
    const run = await cli("token-create", ["--email", "direct@example.com", "--name", "late"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^Error: The embedded database in .* is in use by process ${process.pid}\\.`),
    );
  }, 120_000);
});
