import type { SoakRelay } from "./relays";
import type { Replica } from "./replicas";
import { restartPostgresServer, startRedisServer, stopRedisServer } from "./servers";

// The faults the soak injects while traffic runs, each at its share of the traffic time, one after
// the other. Each reports whether the system came back (not whether mail survived: checks.ts).
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const QUEUE_WAIT_MS = 20_000;

export interface FaultResult {
  fault: string;
  atS: number;
  durationMs: number;
  survived: boolean;
  detail: string;
}

export interface Fault {
  name: string;
  // Share of the traffic time at which it starts.
  at: number;
  inject(): Promise<string>;
}

// Told when a process runs again with a new pid (for the memory table).
export type Restarted = (name: string, pid: number | undefined) => void;

export function restartReplica(replica: Replica, restarted: Restarted): Fault {
  return {
    name: `restart ${replica.name} (SIGTERM, start again)`,
    at: 0.12,
    async inject() {
      const started = Date.now();
      await replica.stop();
      await replica.start();
      restarted(replica.name, replica.pid());
      return `answering again after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
  };
}

export function restartPostgres(databaseUrl: string): Fault {
  return {
    name: "restart PostgreSQL",
    at: 0.32,
    async inject() {
      const started = Date.now();
      const version = await restartPostgresServer(databaseUrl);
      return `PostgreSQL ${version} accepting connections after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    },
  };
}

export function stopRedis(outageMs: number): Fault {
  return {
    name: `stop Redis for ${outageMs / 1000} s`,
    at: 0.52,
    async inject() {
      await stopRedisServer();
      await sleep(outageMs);
      await startRedisServer();
      return "Redis answering again";
    },
  };
}

export function killRelay(relay: SoakRelay, downMs: number, restarted: Restarted): Fault {
  return {
    name: `kill -9 ${relay.name} with mail in its queue, start it again`,
    at: 0.72,
    async inject() {
      const deadline = Date.now() + QUEUE_WAIT_MS;
      while (relay.queued() === 0 && Date.now() < deadline) await sleep(50);
      const queued = relay.queued();
      if (queued === 0) throw new Error(`${relay.name} had nothing queued within ${QUEUE_WAIT_MS / 1000} s`);
      await relay.kill9();
      await sleep(downMs);
      await relay.start();
      restarted(relay.name, relay.pid());
      return `${queued} message(s) in its queue when killed; listening again on the same queue`;
    },
  };
}

// Runs the faults in order, each not before its time (traffic started at trafficStart).
export async function runFaults(faults: Fault[], trafficStart: number, trafficMs: number): Promise<FaultResult[]> {
  const results: FaultResult[] = [];
  for (const fault of [...faults].sort((a, b) => a.at - b.at)) {
    const wait = trafficStart + fault.at * trafficMs - Date.now();
    if (wait > 0) await sleep(wait);
    const started = Date.now();
    console.log(`[soak] fault: ${fault.name}`);
    let survived = true;
    let detail: string;
    try {
      detail = await fault.inject();
    } catch (error) {
      survived = false;
      detail = (error as Error).message;
    }
    console.log(`[soak]   ${survived ? "ok" : "FAILED"}: ${detail}`);
    results.push({
      fault: fault.name,
      atS: Math.round((started - trafficStart) / 1000),
      durationMs: Date.now() - started,
      survived,
      detail,
    });
  }
  return results;
}
