// A LISTEN connection that PostgreSQL drops (restart, terminated backend) is opened again, so
// kill switches keep reaching long-polls through NOTIFY, not only through the 2 s safety check.
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { closeDb, dbInfo, getDb } from "@/db/client";
import { listenWithReconnect } from "@/db/pg-listener";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { knownPolicyVersion, waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";

const onPostgres = Boolean(process.env.DATABASE_URL);
// The policy watcher checks the version every 2 s; a closed database must stay closed past one check.
const WATCHER_CHECK_MS = 2_000;
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
    const stop = await listenWithReconnect(process.env.DATABASE_URL as string, channel, (payload) =>
      received.push(payload),
    );
    try {
      const [first] = await eventually(
        () => listenerPids(channel),
        (pids) => pids.length === 1,
      );
      expect(first).toBeGreaterThan(0);
      await getDb().execute(sql`select pg_notify(${channel}, 'before')`);
      await eventually(
        async () => received,
        (r) => r.includes("before"),
      );
      expect(received).toEqual(["before"]);

      await getDb().execute(sql`select pg_terminate_backend(${first})`);
      const again = await eventually(
        () => listenerPids(channel),
        (pids) => pids.length === 1 && pids[0] !== first,
      );
      expect(again).toHaveLength(1);
      expect(again[0]).not.toBe(first);

      await getDb().execute(sql`select pg_notify(${channel}, 'after')`);
      await eventually(
        async () => received,
        (r) => r.includes("after"),
      );
      expect(received).toEqual(["before", "after"]);
    } finally {
      await stop();
    }
    expect(
      await eventually(
        () => listenerPids(channel),
        (pids) => pids.length === 0,
      ),
    ).toEqual([]);
  });

  it("lets go of every connection when the database is closed, nothing reopens it, and the next use works", async () => {
    await knownPolicyVersion(); // the policy watcher: a LISTEN connection and a check every 2 s
    const observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await observer.connect();
    try {
      await closeDb();
      const others = async () =>
        (
          await observer.query(
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
          )
        ).rows[0].n as number;
      expect(await eventually(others, (n) => n === 0)).toBe(0);
      // Nothing reopens it: still none at every look through a watcher check and a half.
      for (const until = Date.now() + WATCHER_CHECK_MS * 1.5; Date.now() < until; ) {
        expect(await others()).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await observer.end();
    }
    const before = await knownPolicyVersion();
    await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "after reopening"));
    expect(await waitForPolicyVersionAbove(before, 5_000)).toBeGreaterThan(before);
  });
});
