// The pieces several dashboard replicas share through the database: the API rate-limit window
// (one upsert per request, database clock), the job leadership's session lock, the replica
// registry and the readiness answer. Separate processes: tests/fleet.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, holdSessionLock } from "@/db/client";
import { pendingMigrationCount } from "@/db/migration-status";
import { apiRateLimits, controlPlaneNodes } from "@/db/schema";
import { apiRateLimitPerMinute } from "@/lib/server/config/api-rate-limit";
import { migrationsDir } from "@/lib/server/config/paths";
import { readiness } from "@/lib/server/health/readiness";
import { deleteOldRateLimitWindows, takeRateLimit } from "@/lib/server/http/rate-limit";
import { deleteUnseenNodes, recordHeartbeat } from "@/lib/server/jobs/control-plane-nodes";
import { isLeader, leadershipFacts, startLeadership, stopLeadership } from "@/lib/server/jobs/job-leadership";

const onPostgres = Boolean(process.env.DATABASE_URL);

describe("shared API rate limit", () => {
  it("counts one fixed window per key and refuses past the limit, with the same verdict shape", async () => {
    const key = `token:limit-${Date.now()}`;
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await takeRateLimit(key, 3));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0]);
    for (const v of verdicts) {
      expect(v.limit).toBe(3);
      expect(v.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(v.resetSeconds).toBeLessThanOrEqual(60);
    }
    // Another caller has its own window.
    expect((await takeRateLimit(`${key}-other`, 3)).remaining).toBe(2);
  });

  it("counts every one of concurrent requests exactly once", async () => {
    const key = `token:burst-${Date.now()}`;
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => takeRateLimit(key, 25)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(25);
    const [row] = await getDb().select().from(apiRateLimits).where(sql`${apiRateLimits.key} = ${key}`);
    expect(row.count).toBe(40);
  });

  it("starts a new window once the old one is a minute old, and deletes windows unused for an hour", async () => {
    const key = `token:expired-${Date.now()}`;
    const stale = `token:stale-${Date.now()}`;
    await getDb()
      .insert(apiRateLimits)
      .values([
        { key, windowStartedAt: sql`now() - interval '61 seconds'`, count: 99 },
        { key: stale, windowStartedAt: sql`now() - interval '2 hours'`, count: 1 },
      ]);
    const verdict = await takeRateLimit(key, 5);
    expect(verdict).toMatchObject({ allowed: true, remaining: 4 });
    expect(verdict.resetSeconds).toBeGreaterThanOrEqual(59);
    expect((await deleteOldRateLimitWindows()).windows).toBeGreaterThanOrEqual(1);
    const left = await getDb().select({ key: apiRateLimits.key }).from(apiRateLimits);
    expect(left.map((r) => r.key)).toContain(key);
    expect(left.map((r) => r.key)).not.toContain(stale);
  });

  it("reads its limit from SWITCHYARD_API_RATE_LIMIT, refusing nonsense", () => {
    expect(apiRateLimitPerMinute({})).toBe(600);
    expect(apiRateLimitPerMinute({ SWITCHYARD_API_RATE_LIMIT: "5" })).toBe(5);
    expect(() => apiRateLimitPerMinute({ SWITCHYARD_API_RATE_LIMIT: "0" })).toThrow(/positive whole number/);
    expect(() => apiRateLimitPerMinute({ SWITCHYARD_API_RATE_LIMIT: "1.5" })).toThrow(/positive whole number/);
  });
});

describe("replica registry", () => {
  it("keeps one leader row, refreshes lastSeenAt and deletes replicas unseen for a day", async () => {
    const a = { id: `a:${Date.now()}`, host: "a", pid: 1 };
    const b = { id: `b:${Date.now()}`, host: "b", pid: 2 };
    await recordHeartbeat(a, true);
    await recordHeartbeat(b, false);
    const leaders = async () =>
      (await getDb().select().from(controlPlaneNodes)).filter((n) => n.leaderSince !== null).map((n) => n.id);
    expect(await leaders()).toEqual([a.id]);
    // b takes over (a died without clearing its claim): only b is named.
    await recordHeartbeat(b, true);
    expect(await leaders()).toEqual([b.id]);
    await getDb()
      .update(controlPlaneNodes)
      .set({ lastSeenAt: sql`now() - interval '25 hours'` })
      .where(sql`${controlPlaneNodes.id} = ${a.id}`);
    expect((await deleteUnseenNodes()).nodes).toBe(1);
    expect((await getDb().select().from(controlPlaneNodes)).map((n) => n.id)).toEqual([b.id]);
  });
});

describe("readiness", () => {
  it("is ready on a migrated database, and names the replica without secrets", async () => {
    expect(await pendingMigrationCount(migrationsDir())).toBe(0);
    const answer = await readiness();
    expect(answer).toMatchObject({ status: "ready", migrations: "applied", jobs: "off", leader: false });
    expect(answer.replica).toContain(`:${process.pid}:`);
  });

  it.skipIf(!onPostgres)("counts migrations recorded as not applied as pending", async () => {
    await getDb().execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    expect(await pendingMigrationCount(migrationsDir())).toBe(1);
    expect((await readiness()).status).toBe("not-ready");
  });
});

describe.skipIf(!onPostgres)("job leadership lock", () => {
  it("is held by one session at a time, free again when its connection ends, and lost loudly", async () => {
    const key = BigInt(Date.now());
    let lostA = 0;
    const a = await holdSessionLock(key, () => lostA++);
    expect(a).not.toBeNull();
    expect(await holdSessionLock(key, () => {})).toBeNull();
    // The leader's backend is killed: onLost fires, check() says so, and another session can take it.
    await getDb().execute(
      sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objid = ${Number(key & 0xffffffffn)} and granted`,
    );
    for (let i = 0; i < 100 && lostA === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lostA).toBe(1);
    expect(await a?.check()).toBe(false);
    const b = await holdSessionLock(key, () => {});
    expect(b).not.toBeNull();
    expect(await b?.check()).toBe(true);
    await b?.release();
    const c = await holdSessionLock(key, () => {});
    expect(c).not.toBeNull();
    await c?.release();
    expect(lostA).toBe(1);
  });
});

describe("job leadership of this process", () => {
  it("leads, stops leading the moment its lock connection is killed, and leads again at a later try", async () => {
    startLeadership();
    try {
      for (let i = 0; i < 100 && !isLeader(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(leadershipFacts()).toMatchObject({ jobs: "on", leader: true });
      const [row] = await getDb()
        .select()
        .from(controlPlaneNodes)
        .where(sql`${controlPlaneNodes.id} = ${leadershipFacts().replicaId}`);
      expect(row.leaderSince).not.toBeNull();
      if (!onPostgres) return; // PGlite: one process, always the leader
      await getDb().execute(
        sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and granted`,
      );
      for (let i = 0; i < 40 && isLeader(); i++) await new Promise((r) => setTimeout(r, 25));
      // Within a second, well before the next try (every 3 s): no job tick runs on a lost lock.
      expect(isLeader()).toBe(false);
      for (let i = 0; i < 200 && !isLeader(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(isLeader()).toBe(true);
    } finally {
      await stopLeadership();
    }
    expect(leadershipFacts()).toMatchObject({ jobs: "off", leader: false });
  });
});
