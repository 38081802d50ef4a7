import { Client } from "pg";

// A session-level advisory lock held on a dedicated connection (not the pool: a pooled client
// would hand the session, and the lock, to whoever borrows it next). The lock lives exactly as
// long as that connection: when this process dies, PostgreSQL ends the session and releases it,
// so another process's next try takes it over.
export interface SessionLock {
  // Proves the session still answers (a silently dead connection raises no error); false, and
  // onLost called, when it does not.
  check: () => Promise<boolean>;
  // Ends the session (releases the lock); harmless twice.
  release: () => Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;
const CHECK_TIMEOUT_MS = 3_000;

// Tries once: resolves with the held lock, or null when another session holds it (or the database
// cannot be reached: the caller tries again later). onLost runs once if the connection drops while
// the lock is held — from then on the lock must be treated as gone.
export async function tryHoldSessionLock(url: string, key: bigint, onLost: () => void): Promise<SessionLock | null> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
    keepAlive: true,
  });
  let released = false;
  let lost = false;
  const lose = () => {
    if (released || lost) return;
    lost = true;
    onLost();
  };
  client.on("error", (error) => {
    if (!released) console.error(`[db] session lock connection lost: ${error.message}`);
    lose();
  });
  client.on("end", lose);
  try {
    await client.connect();
    const result = await client.query<{ held: boolean }>("select pg_try_advisory_lock($1) as held", [key.toString()]);
    if (!result.rows[0]?.held) {
      released = true;
      await client.end();
      return null;
    }
  } catch {
    released = true;
    await client.end().catch(() => {});
    return null;
  }
  return {
    check: async () => {
      if (released || lost) return false;
      try {
        await client.query("select 1");
        return true;
      } catch {
        lose();
        await client.end().catch(() => {});
        return false;
      }
    },
    release: async () => {
      if (released) return;
      released = true;
      await client.end().catch(() => {});
    },
  };
}
