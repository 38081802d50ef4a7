import fs from "node:fs";
import path from "node:path";
import { portFor } from "../lib/free-port";
import type { RegisteredRelay } from "./database";
import { type SoakRelay, soakRelay } from "./relays";
import { type Replica, replica } from "./replicas";
import { type SoakSink, startSoakSink } from "./sink";
import { archiveSpool, type SpoolArchive } from "./spool-archive";

// The fleet under test: 2 dashboard replicas on one PostgreSQL, 4 reference relays (alternating
// between the replicas as their control plane), each relay's spool archived, and the sink.
export const REPLICAS = ["replica-a", "replica-b"];
const DRAIN_POLL_MS = 1000;
const SEGMENT = /^seg-.*\.jsonl$/;

export interface Fleet {
  sink: SoakSink;
  replicas: Replica[];
  relays: SoakRelay[];
  archives: Map<string, SpoolArchive>;
  stop(): Promise<void>;
}

export async function startFleet(runDir: string, registered: RegisteredRelay[], env: NodeJS.ProcessEnv) {
  const logDir = path.join(runDir, "logs");
  fs.mkdirSync(logDir, { recursive: true });
  const sink = await startSoakSink(path.join(runDir, "sink"));
  const replicas: Replica[] = [];
  const relays: SoakRelay[] = [];
  const archives = new Map<string, SpoolArchive>();
  const fleet: Fleet = {
    sink,
    replicas,
    relays,
    archives,
    async stop() {
      for (const archive of archives.values()) archive.stop();
      await Promise.all(relays.map((r) => r.stop().catch(() => undefined)));
      await Promise.all(replicas.map((r) => r.stop().catch(() => undefined)));
      await sink.close();
    },
  };
  try {
    // One after the other: two Next servers preparing at once double the load on 2 cores.
    for (const name of REPLICAS) {
      const r = replica(name, await portFor(0), { ...env, SWITCHYARD_DATA_DIR: path.join(runDir, name) }, logDir);
      replicas.push(r);
      console.log(`[soak] starting ${name} on ${r.url}`);
      await r.start();
    }
    for (const [i, reg] of registered.entries()) {
      const relay = soakRelay({
        ...reg,
        port: await portFor(0),
        controlUrl: replicas[i % replicas.length].url,
        smarthost: `127.0.0.1:${sink.port}`,
        stateDir: path.join(runDir, reg.name),
        redisUrl: env.REDIS_URL ?? "",
        redisPrefix: env.SWITCHYARD_REDIS_PREFIX ?? "switchyard:",
      });
      relays.push(relay);
      archives.set(relay.id, archiveSpool(relay.spoolDir, path.join(runDir, "spool-archive", reg.name)));
      console.log(
        `[soak] starting ${reg.name} on port ${relay.port} (control plane ${replicas[i % replicas.length].name})`,
      );
      await relay.start();
    }
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

export interface Leftover {
  relay: string;
  queued: number;
  spoolSegments: number;
}

function spoolSegments(relay: SoakRelay): number {
  try {
    return fs.readdirSync(relay.spoolDir).filter((n) => SEGMENT.test(n)).length;
  } catch {
    return 0;
  }
}

// Waits until every relay's queue and event spool are empty (all mail handed on, all events
// taken by the control plane), or the timeout. Returns what is left per relay ([] when drained).
export async function drain(relays: SoakRelay[], timeoutMs: number): Promise<Leftover[]> {
  const deadline = Date.now() + timeoutMs;
  const left = () =>
    relays
      .map((r) => ({ relay: r.name, queued: r.queued(), spoolSegments: spoolSegments(r) }))
      .filter((l) => l.queued > 0 || l.spoolSegments > 0);
  while (Date.now() < deadline) {
    if (left().length === 0) return [];
    await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
  }
  return left();
}
