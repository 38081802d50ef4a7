import fs from "node:fs";
import path from "node:path";
import { type RunningRelay, startRelay } from "@/relay/launch";

// A reference relay of the soak: its own state directory (TLS, policy copy, event spool, Haraka
// queue) and port, both kept across a restart, so a relay killed with -9 comes back on its queue.
// Limits are shared through Redis (redisUrl, keys under this run's redisPrefix).
const POLICY_TIMEOUT_MS = 60_000;

export interface SoakRelay {
  name: string;
  id: string;
  port: number;
  stateDir: string;
  spoolDir: string;
  pid(): number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  // When kill9 last struck (epoch ms), for the duplicate check.
  killedAt: number | null;
  queued(): number;
}

interface RelaySetup {
  name: string;
  id: string;
  token: string;
  port: number;
  controlUrl: string;
  smarthost: string;
  stateDir: string;
  redisUrl: string;
  redisPrefix: string;
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no ${path.basename(file)} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function soakRelay(setup: RelaySetup): SoakRelay {
  let running: RunningRelay | undefined;
  const queueDir = path.join(setup.stateDir, "haraka", "queue");
  return {
    name: setup.name,
    id: setup.id,
    port: setup.port,
    stateDir: setup.stateDir,
    // Single-process Haraka (nodes=0): the plugin's spool is spool/main (relay/plugin/lib/runtime.js).
    spoolDir: path.join(setup.stateDir, "spool", "main"),
    pid: () => running?.pid,
    async start() {
      running = await startRelay({
        name: setup.name,
        controlUrl: setup.controlUrl,
        token: setup.token,
        listenHost: "127.0.0.1",
        listenPort: setup.port,
        smarthost: setup.smarthost,
        stateDir: setup.stateDir,
        redisUrl: setup.redisUrl,
        redisPrefix: setup.redisPrefix,
      });
      // Haraka listens before the plugin holds a policy and refuses mail until then.
      await waitForFile(path.join(setup.stateDir, "policy.json"), POLICY_TIMEOUT_MS);
    },
    async stop() {
      await running?.stop();
    },
    killedAt: null,
    async kill9() {
      const relay = running;
      if (!relay) return;
      this.killedAt = Date.now();
      process.kill(relay.pid, "SIGKILL");
      await relay.exited;
    },
    queued() {
      try {
        return fs.readdirSync(queueDir, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith("."))
          .length;
      } catch {
        return 0;
      }
    },
  };
}
