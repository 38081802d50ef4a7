// One dashboard replica as its own process, the way production runs it (scripts/serve-dashboard.ts
// on the production build, see scripts/start.ts) on a free port, against a shared database.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { portFor } from "../../../scripts/lib/free-port";

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DashboardReplica {
  name: string;
  url: string;
  pid: number;
  // Everything it printed so far (for failure messages).
  output: () => string;
  // SIGTERM, as a service manager stops it; resolves when it exited.
  stop: () => Promise<void>;
  // SIGKILL: the process dies without closing anything (its database sessions end with it).
  kill: () => Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the replica exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`);
    try {
      // The first request also starts instrumentation.ts (its background jobs and leadership).
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the replica did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

export async function startDashboardReplica({
  name,
  databaseUrl,
  env = {},
}: {
  name: string;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<DashboardReplica> {
  const port = await portFor(0);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-fleet-${name}-`));
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve-dashboard.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_DEMO: "0",
      ...env,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const onData = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const output = () => log;
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await signal("SIGKILL");
    throw error;
  }
  return { name, url, pid: child.pid ?? 0, output, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}
