import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { dataDir } from "@/lib/server/config/paths";
import { acquireDirLock } from "./dir-lock";
import { GuardedPool } from "./guarded-pool";
import { listenWithReconnect, type Unsubscribe } from "./pg-listener";
import * as schema from "./schema";
import { type SessionLock, tryHoldSessionLock } from "./session-lock";

// The one module that knows which database runs: PostgreSQL when DATABASE_URL is set, otherwise
// PGlite (embedded PostgreSQL) persisting under the data directory. Everything else sees a Db.
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;
export type DbMode = "pglite" | "postgres";

export type { SessionLock, Unsubscribe };

interface Handle {
  db: Db;
  mode: DbMode;
  location: string;
  close: () => Promise<void>;
  // LISTEN on a channel; NOTIFY (sent inside a transaction) arrives after it commits.
  listen: (channel: string, onMessage: (payload: string) => void) => Promise<Unsubscribe>;
  // A session-level advisory lock on its own connection, or null when another session holds it.
  holdLock: (key: bigint, onLost: () => void) => Promise<SessionLock | null>;
}

const store = globalThis as typeof globalThis & {
  __switchyardDb?: Handle;
  __switchyardDbClosers?: Set<() => void | Promise<void>>;
};

const CONNECT_TIMEOUT_MS = 10_000;

function openPostgres(url: string): Handle {
  const pool = new GuardedPool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE || 10),
    // Waiting for a connection (or a free client) ends in an error, never in a request that hangs.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  const db = drizzlePg(pool, { schema, casing: "snake_case" });
  const location = new URL(url).host + new URL(url).pathname;
  const listen = async (channel: string, onMessage: (payload: string) => void): Promise<Unsubscribe> => {
    const stop = await listenWithReconnect(url, channel, onMessage);
    // Its connection ends with the database's (stopping twice is harmless).
    onDbClose(stop);
    return stop;
  };
  const holdLock = (key: bigint, onLost: () => void) => tryHoldSessionLock(url, key, onLost);
  return { db, mode: "postgres", location, close: () => pool.end(), listen, holdLock };
}

function pgliteListen(client: PGlite) {
  return async (channel: string, onMessage: (payload: string) => void): Promise<Unsubscribe> =>
    client.listen(channel, onMessage);
}

// PGlite is one process's own database (guarded by the directory lock): that process holds
// every lock there is.
const PGLITE_LOCK: SessionLock = { check: async () => true, release: async () => {} };
const pgliteHoldLock = async () => PGLITE_LOCK;

function openPglite(dir: string): Handle {
  if (dir.startsWith("memory://")) {
    const client = new PGlite(dir);
    const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      mode: "pglite",
      location: dir,
      close: () => client.close(),
      listen: pgliteListen(client),
      holdLock: pgliteHoldLock,
    };
  }
  const pgDir = path.join(dir, "pglite");
  fs.mkdirSync(pgDir, { recursive: true });
  // PGlite has no lock of its own: two processes on one directory would corrupt it.
  const releaseLock = acquireDirLock(dir);
  const client = new PGlite(pgDir);
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    mode: "pglite",
    location: pgDir,
    close: async () => {
      await client.close();
      releaseLock();
    },
    listen: pgliteListen(client),
    holdLock: pgliteHoldLock,
  };
}

function pgliteDir(): string {
  return process.env.SWITCHYARD_PGLITE_DIR || dataDir();
}

function open(): Handle {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(pgliteDir());
}

// The embedded database's directory on disk (its lock, and the running server's admin socket);
// undefined on PostgreSQL or in memory, where several processes need no such thing.
export function embeddedDbDir(): string | undefined {
  if (process.env.DATABASE_URL) return undefined;
  const dir = pgliteDir();
  return dir.startsWith("memory://") ? undefined : dir;
}

function handle(): Handle {
  store.__switchyardDb ??= open();
  return store.__switchyardDb;
}

export function getDb(): Db {
  return handle().db;
}

export function dbInfo(): { mode: DbMode; location: string } {
  const { mode, location } = handle();
  return { mode, location };
}

export function listenDb(channel: string, onMessage: (payload: string) => void): Promise<Unsubscribe> {
  return handle().listen(channel, onMessage);
}

export function holdSessionLock(key: bigint, onLost: () => void): Promise<SessionLock | null> {
  return handle().holdLock(key, onLost);
}

// State kept for the open database (LISTEN connections, the policy-version watcher and its timer)
// registers here to let go of it when the database is closed, so no connection is left behind and
// nothing reopens a closed database behind the caller's back.
export function onDbClose(release: () => void | Promise<void>): void {
  store.__switchyardDbClosers ??= new Set();
  store.__switchyardDbClosers.add(release);
}

export async function closeDb(): Promise<void> {
  const current = store.__switchyardDb;
  store.__switchyardDb = undefined;
  const closers = [...(store.__switchyardDbClosers ?? [])];
  store.__switchyardDbClosers?.clear();
  await Promise.all(closers.map((release) => release()));
  if (current) await current.close();
}
