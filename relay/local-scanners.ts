import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

// A local clamd and rspamd for the demo (scripts/start.ts) and the tests (tests/support/scanners.ts):
// each started in the foreground with a config of its own in a directory it is given, on a free
// port, and stopped again. Nothing is downloaded: clamd gets a one-line local signature database
// for the EICAR test file (no freshclam, no official database — it would take a minute and a GB of
// memory to load), rspamd a minimal config (no Redis, no DNS, no maps) in which its built-in GTUBE
// check works. A real deployment points the relay at its own clamd/rspamd (--clamd, --rspamd).

const require = createRequire(import.meta.url);
const clamd = require("./plugin/lib/content/clamd.js") as typeof import("./plugin/lib/content/clamd.js");
const rspamd = require("./plugin/lib/content/rspamd.js") as typeof import("./plugin/lib/content/rspamd.js");

export const CLAMD_BIN = process.env.CLAMD_BIN ?? "/usr/sbin/clamd";
export const RSPAMD_BIN = process.env.RSPAMD_BIN ?? "/usr/bin/rspamd";
export const CLAMD_PACKAGE = "clamav-daemon";
export const RSPAMD_PACKAGE = "rspamd";

// The industry's harmless test patterns, assembled here so no file of ours is itself "infected".
export const EICAR = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join("");
export const GTUBE = ["XJS*C4JDBQADN1.NSBN3*2IDNEN*", "GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"].join("");
// The name the local database gives EICAR (clamd reports it with a ".UNOFFICIAL" suffix).
export const EICAR_SIGNATURE = "Switchyard.Test.EICAR";

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ScannerProcess {
  dir: string;
  logFile: string;
  child: ChildProcess;
  // From spawn to the first good answer (PONG / pong).
  startupMs: number;
  // Stops the process (SIGTERM, then SIGKILL after a grace period); the directory stays.
  stop(): Promise<void>;
}

export interface ClamdProcess extends ScannerProcess {
  port: number;
  socketPath: string;
  streamMaxLength: number;
}

export interface RspamdProcess extends ScannerProcess {
  port: number;
  url: string;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(force);
      running.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "(no output)";
  }
}

// Starts the command with its output in logFile, then polls `ready` until it says yes.
async function launch(
  name: string,
  command: string,
  args: string[],
  dir: string,
  ready: () => Promise<boolean>,
): Promise<Omit<ScannerProcess, "dir">> {
  const logFile = path.join(dir, `${name}.out`);
  const out = fs.openSync(logFile, "a");
  const started = performance.now();
  const child = spawn(command, args, { cwd: dir, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  running.add(child);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `${signal ?? code}`;
  });
  const stop = () => stopChild(child);
  for (;;) {
    if (exited !== null) {
      throw new Error(`${name} exited (${exited}) before it was ready; its output:\n${tail(logFile)}`);
    }
    if (await ready()) return { logFile, child, startupMs: Math.round(performance.now() - started), stop };
    if (performance.now() - started > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s; its output:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * clamd with one local signature (EICAR anywhere in the stream, an .ndb body signature), on TCP
 * and a unix socket, in `dir` (created; its previous contents are replaced).
 */
export async function startLocalClamd({
  dir,
  port,
  streamMaxLength = 25 * 1024 * 1024,
}: {
  dir: string;
  port?: number;
  streamMaxLength?: number;
}): Promise<ClamdProcess> {
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, "db");
  fs.mkdirSync(db, { recursive: true });
  // name:target type (0 = any file):offset (* = anywhere):hex of the bytes to find
  fs.writeFileSync(
    path.join(db, "switchyard-test.ndb"),
    `${EICAR_SIGNATURE}:0:*:${Buffer.from(EICAR).toString("hex")}\n`,
  );
  const tcpPort = port ?? (await freePort());
  const socketPath = path.join(dir, "clamd.sock");
  fs.rmSync(socketPath, { force: true });
  const config = [
    "Foreground yes",
    `TCPSocket ${tcpPort}`,
    "TCPAddr 127.0.0.1",
    `LocalSocket ${socketPath}`,
    `DatabaseDirectory ${db}`,
    `TemporaryDirectory ${dir}`,
    `LogFile ${path.join(dir, "clamd.log")}`,
    `StreamMaxLength ${streamMaxLength}`,
    // No periodic database reload.
    "SelfCheck 0",
    "MaxThreads 4",
  ];
  const configFile = path.join(dir, "clamd.conf");
  fs.writeFileSync(configFile, `${config.join("\n")}\n`);
  const started = await launch(
    "clamd",
    CLAMD_BIN,
    ["-c", configFile],
    dir,
    async () => (await clamd.ping({ port: tcpPort, timeoutMs: 1000 })).ok,
  );
  return { ...started, dir, port: tcpPort, socketPath, streamMaxLength };
}

/**
 * rspamd with a minimal config: one normal worker on a free port, no filters, no Redis, DNS pointed
 * at a closed port, and a tiny public-suffix list (the stock one takes ~15 s of CPU to compile at
 * every start). GTUBE is checked by rspamd's core and rejects with the reject score (15).
 */
export async function startLocalRspamd({ dir, port }: { dir: string; port?: number }): Promise<RspamdProcess> {
  fs.mkdirSync(path.join(dir, "db"), { recursive: true });
  fs.writeFileSync(path.join(dir, "tld.dat"), "com\norg\nnet\nde\nexample\ntest\ninvalid\n");
  const httpPort = port ?? (await freePort());
  const config = `
options {
  pidfile = "${dir}/rspamd.pid";
  dbdir = "${dir}/db";
  tempdir = "${dir}";
  filters = "";
  url_tld = "${dir}/tld.dat";
  dns { nameserver = ["127.0.0.1:1"]; timeout = 1s; retransmits = 1; }
}
logging { type = "file"; filename = "${dir}/rspamd.log"; level = "info"; }
worker "normal" { bind_socket = "127.0.0.1:${httpPort}"; count = 1; }
actions { reject = 15; add_header = 6; greylist = 4; }
`;
  const configFile = path.join(dir, "rspamd.conf");
  fs.writeFileSync(configFile, config);
  const url = `http://127.0.0.1:${httpPort}`;
  // rspamd refuses to run as root unless told the user and group to run as (root too, here).
  const asRoot = process.getuid?.() === 0 ? ["-u", "root", "-g", "root"] : [];
  const args = ["-f", "-c", configFile, ...asRoot];
  const started = await launch(
    "rspamd",
    RSPAMD_BIN,
    args,
    dir,
    async () => (await rspamd.ping({ url, timeoutMs: 1000 })).ok,
  );
  return { ...started, dir, port: httpPort, url };
}
