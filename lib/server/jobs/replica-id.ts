import { randomBytes } from "node:crypto";
import os from "node:os";

// This process's name among the dashboard replicas sharing a database: host, pid and a random
// suffix (a pid is reused after a restart, and containers all run pid 1).
export interface ReplicaId {
  id: string;
  host: string;
  pid: number;
}

const store = globalThis as typeof globalThis & { __switchyardReplicaId?: ReplicaId };

export function replicaId(): ReplicaId {
  if (!store.__switchyardReplicaId) {
    const host = os.hostname();
    store.__switchyardReplicaId = {
      id: `${host}:${process.pid}:${randomBytes(4).toString("hex")}`,
      host,
      pid: process.pid,
    };
  }
  return store.__switchyardReplicaId;
}
