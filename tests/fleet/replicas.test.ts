// Two dashboard replicas as separate processes (production build) on one PostgreSQL database:
// what one replica does, the other sees — kill switches wake the other's long-polls, sessions,
// sign-in lockouts and API rate limits are shared — and the background jobs have exactly one
// leader, taken over by the survivor when the leader is killed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInCookieAt } from "../support/sign-in";
import { type DashboardReplica, startDashboardReplica } from "./support/dashboard-replica";
import { ADMIN, createFleetDatabase, FLEET_SECRET, type FleetDatabase, LOCKED } from "./support/fleet-database";
import { fleetAdminUrl as adminUrl, announceSkipIfNoPostgres } from "./support/fleet-postgres";

const API_RATE_LIMIT = 20;
const KILL_SWITCH_REACH_MS = 1_000;
const TAKEOVER_MS = 15_000;
const POLICY_PATH = "/api/relay/v1/policy";

announceSkipIfNoPostgres();

let db: FleetDatabase;
let a: DashboardReplica;
let b: DashboardReplica;

interface Readiness {
  status: string;
  replica: string;
  leader: boolean;
}

const readiness = async (replica: DashboardReplica) =>
  (await (await fetch(`${replica.url}/api/health/ready`)).json()) as Readiness;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

describe.skipIf(!adminUrl)("two dashboard replicas on one PostgreSQL", () => {
  beforeAll(async () => {
    db = await createFleetDatabase(adminUrl as string);
    const env = { SWITCHYARD_SECRET: FLEET_SECRET, SWITCHYARD_API_RATE_LIMIT: String(API_RATE_LIMIT) };
    [a, b] = await Promise.all([
      startDashboardReplica({ name: "a", databaseUrl: db.url, env }),
      startDashboardReplica({ name: "b", databaseUrl: db.url, env }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it("a kill switch engaged through A's API wakes a long-poll held on B within 1 s", async () => {
    const relay = { Authorization: `Bearer ${db.relayToken}` };
    const first = await fetch(`${b.url}${POLICY_PATH}`, { headers: relay });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag") ?? "";
    const poll = fetch(`${b.url}${POLICY_PATH}?wait=25`, { headers: { ...relay, "If-None-Match": etag } }).then(
      async (response) => ({ response, at: performance.now(), body: await response.text() }),
    );
    // The long-poll is parked on B before the change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = performance.now();
    const engaged = await fetch(`${a.url}/api/v1/kill-switches`, {
      method: "POST",
      headers: { Authorization: `Bearer ${db.apiToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ scope: "global", reason: "fleet test: reach the other replica" }),
    });
    expect(engaged.status, await engaged.clone().text()).toBe(201);
    const { killSwitch, policyVersion } = (await engaged.json()) as {
      killSwitch: { id: string };
      policyVersion: number;
    };
    const { response, at, body } = await poll;
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${policyVersion}"`);
    expect(body).toContain(killSwitch.id);
    expect(at - sent).toBeLessThan(KILL_SWITCH_REACH_MS);

    const released = await fetch(`${b.url}/api/v1/kill-switches/${killSwitch.id}/release`, {
      method: "POST",
      headers: { Authorization: `Bearer ${db.apiToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "fleet test done" }),
    });
    expect(released.status).toBe(200);
  });

  it("a session created on A works on B", async () => {
    const cookie = await signInCookieAt(a.url, ADMIN.email, ADMIN.password);
    const onB = await fetch(`${b.url}/api/v1/kill-switches`, { headers: { cookie } });
    expect(onB.status).toBe(200);
    // Without it, B refuses: the 200 above is the session's doing.
    expect((await fetch(`${b.url}/api/v1/kill-switches`)).status).toBe(401);
  });

  it("failed sign-ins on A and B count together towards one lockout", async () => {
    // 3 failures on A and 2 on B: 5, the account limit. Counted per replica, neither would lock.
    for (const replica of [a, b, a, b, a])
      await expect(signInCookieAt(replica.url, LOCKED.email, "wrong-password-123")).rejects.toThrow(/failed/);
    await expect(signInCookieAt(b.url, LOCKED.email, LOCKED.password)).rejects.toThrow(/failed/);
    await expect(signInCookieAt(a.url, LOCKED.email, LOCKED.password)).rejects.toThrow(/failed/);
  });

  it("API rate limits count requests to A and B against one budget", async () => {
    const headers = { Authorization: `Bearer ${db.limitedApiToken}` };
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < API_RATE_LIMIT + 4; i++) {
      const response = await fetch(`${(i % 2 ? b : a).url}/api/v1/kill-switches`, { headers });
      statuses.push(response.status);
      remaining.push(response.headers.get("x-ratelimit-remaining") ?? "");
    }
    expect(statuses.slice(0, API_RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(API_RATE_LIMIT)).toEqual([429, 429, 429, 429]);
    expect(remaining.slice(0, 3)).toEqual([
      String(API_RATE_LIMIT - 1),
      String(API_RATE_LIMIT - 2),
      String(API_RATE_LIMIT - 3),
    ]);
  });

  it("runs the background jobs on exactly one leader, and the survivor takes over when it is killed", async () => {
    const both = async () => Promise.all([readiness(a), readiness(b)]);
    const settled = await until(both, (r) => r.filter((x) => x.leader).length === 1, TAKEOVER_MS);
    expect(settled.map((r) => r.status)).toEqual(["ready", "ready"]);
    expect(settled.filter((r) => r.leader)).toHaveLength(1);
    // Still exactly one over more than one leadership try (every 3 s) on each.
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await both()).filter((r) => r.leader)).toHaveLength(1);
    }
    const { listControlPlaneNodes } = await import("@/lib/server/jobs/control-plane-nodes");
    const nodes = await listControlPlaneNodes();
    expect(nodes.map((n) => n.id).sort()).toEqual(settled.map((r) => r.replica).sort());
    expect(nodes.filter((n) => n.leaderSince).map((n) => n.id)).toEqual(
      settled.filter((r) => r.leader).map((r) => r.replica),
    );

    const [leader, survivor] = settled[0].leader ? [a, b] : [b, a];
    const survivorId = (settled[0].leader ? settled[1] : settled[0]).replica;
    const killedAt = Date.now();
    await leader.kill();
    const after = await until(
      () => readiness(survivor),
      (r) => r.leader,
      TAKEOVER_MS,
    );
    const tookMs = Date.now() - killedAt;
    console.log(`[fleet] leadership taken over ${tookMs} ms after SIGKILL of the leader`);
    expect(after.leader).toBe(true);
    expect(tookMs).toBeLessThan(TAKEOVER_MS);
    const leaders = await until(
      async () => (await listControlPlaneNodes()).filter((n) => n.leaderSince).map((n) => n.id),
      (ids) => ids.length === 1 && ids[0] === survivorId,
      5_000,
    );
    expect(leaders).toEqual([survivorId]);
  });
});
