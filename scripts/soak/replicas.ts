import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { waitForHttp } from "../lib/processes";

// A dashboard replica as production runs it (scripts/serve-dashboard.ts on the built app), its
// output in a log file. Stop is SIGTERM to its process group, as a service manager would send.
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export interface Replica {
  name: string;
  port: number;
  url: string;
  pid(): number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function replica(name: string, port: number, env: NodeJS.ProcessEnv, logDir: string): Replica {
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    url,
    pid: () => child?.pid,
    async start() {
      const log = fs.openSync(path.join(logDir, `${name}.log`), "a");
      child = spawn(process.execPath, ["--import", "tsx", "scripts/serve-dashboard.ts"], {
        env: { ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
        stdio: ["ignore", log, log],
        detached: true,
      });
      fs.closeSync(log);
      if (!(await waitForHttp(`${url}/api/health`, READY_TIMEOUT_MS)))
        throw new Error(`${name} did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s`);
    },
    async stop() {
      const running = child;
      if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-(running.pid as number), sig);
        } catch {
          // already gone
        }
      };
      signal("SIGTERM");
      const force = setTimeout(() => signal("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(force);
    },
  };
}
