// A LISTEN connection that PostgreSQL drops (restart, terminated backend) is opened again, so
// kill switches keep reaching long-polls through NOTIFY, not only through the 2 s safety check.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dbInfo, getDb } from "@/db/client";
import { listenWithReconnect } from "@/db/pg-listener";

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) console.warn("pg-listener: PostgreSQL only (set TEST_DATABASE_URL); PGlite notifies in-process.");

const listenerPids = async (channel: string) =>
  (
    await getDb().execute<{ pid: number }>(
      sql`select pid from pg_stat_activity where datname = current_database() and query = ${`listen "${channel}"`} and pid <> pg_backend_pid()`,
    )
  ).rows.map((row) => row.pid);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!onPostgres)("LISTEN connection", () => {
  it("is opened again after its backend is terminated, and notifications arrive on the new one", async () => {
    expect(dbInfo().mode).toBe("postgres");
    const channel = `test_listener_${process.pid}`;
    const received: string[] = [];
    const stop = await listenWithReconnect(process.env.DATABASE_URL as string, channel, (payload) => received.push(payload));
    try {
      const [first] = await eventually(() => listenerPids(channel), (pids) => pids.length === 1);
      expect(first).toBeGreaterThan(0);
      await getDb().execute(sql`select pg_notify(${channel}, 'before')`);
      await eventually(async () => received, (r) => r.includes("before"));
      expect(received).toEqual(["before"]);

      await getDb().execute(sql`select pg_terminate_backend(${first})`);
      const again = await eventually(() => listenerPids(channel), (pids) => pids.length === 1 && pids[0] !== first);
      expect(again).toHaveLength(1);
      expect(again[0]).not.toBe(first);

      await getDb().execute(sql`select pg_notify(${channel}, 'after')`);
      await eventually(async () => received, (r) => r.includes("after"));
      expect(received).toEqual(["before", "after"]);
    } finally {
      await stop();
    }
    expect(await eventually(() => listenerPids(channel), (pids) => pids.length === 0)).toEqual([]);
  });
});
