// Shared rate limits made visible (issue 16): each heartbeat's rate-limit mode is stored per relay
// and shown on the Relays page's data and in GET /api/v1/relays; the heartbeat's answer tells the
// relay how many relays are live (its share of each limit while Redis is unreachable).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postHeartbeat } from "@/app/api/relay/v1/heartbeat/route";
import { GET as getRelays } from "@/app/api/v1/relays/route";
import { getDb } from "@/db/client";
import { type RelayRateLimitState, relays } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { heartbeatResultSchema } from "@/lib/relay-contract/schemas";
import { listRelays } from "@/lib/relays/list-relays";
import { describeRateLimits } from "@/lib/relays/rate-limit-status";
import { LIVE_RELAY_WITHIN_MS } from "@/lib/relays/record-heartbeat";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";
import { listRelaysOperation } from "@/lib/server/api/operations/relays";
import { makeActor } from "../support/actors";

let admin: Actor;
let n = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
});

async function relay(name: string) {
  const { relay, token } = await registerRelay({ actor: admin, input: { name: `${name}-${++n}` } });
  const beat = async (rateLimits?: RelayRateLimitState | Record<string, unknown>) => {
    const response = await postHeartbeat(
      new Request("http://localhost/api/relay/v1/heartbeat", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          softwareVersion: "switchyard-relay/test",
          policyVersion: null,
          policyAppliedAt: null,
          queueDepth: 0,
          ...(rateLimits ? { rateLimits } : {}),
        }),
      }),
    );
    return { status: response.status, body: await response.json() };
  };
  return { id: relay.id, name: relay.name, beat };
}

const viewOf = async (id: string) => (await listRelays()).relays.find((r) => r.id === id);

const SHARED = { mode: "shared", divisor: 1, detail: null } as const;
const FALLBACK = {
  mode: "fallback",
  divisor: 3,
  detail: "Redis unreachable since 2026-12-03T18:00:00.000Z: connect ECONNREFUSED 10.0.0.9:6379",
} as const;

describe("a relay's rate-limit mode", () => {
  it("is answered the live relay count: active relays with a heartbeat in the last 90 s, this one included", async () => {
    const a = await relay("rl-a");
    const b = await relay("rl-b");
    const quiet = await relay("rl-quiet");
    const revoked = await relay("rl-revoked");
    // Relays other files of this run may have registered count too: measure from a baseline.
    const first = await a.beat(SHARED);
    expect(first.status).toBe(200);
    expect(heartbeatResultSchema.safeParse(first.body).success).toBe(true);
    const base = first.body.liveRelays;
    expect((await b.beat(SHARED)).body.liveRelays).toBe(base + 1);
    await quiet.beat(SHARED);
    await revoked.beat(SHARED);
    expect((await a.beat(SHARED)).body.liveRelays).toBe(base + 3);
    // One silent for longer than the window, one revoked: no longer live.
    await getDb()
      .update(relays)
      .set({ lastHeartbeatAt: new Date(Date.now() - LIVE_RELAY_WITHIN_MS - 1_000) })
      .where(eq(relays.id, quiet.id));
    await revokeRelay({ actor: admin, input: { relayId: revoked.id, reason: "decommissioned" } });
    expect((await a.beat(SHARED)).body.liveRelays).toBe(base + 1);
  });

  it("is stored from each heartbeat, kept when an older relay does not report it, and refused when malformed", async () => {
    const r = await relay("rl-stored");
    expect((await viewOf(r.id))?.rateLimits).toBeNull();
    await r.beat(FALLBACK);
    expect((await viewOf(r.id))?.rateLimits).toEqual(FALLBACK);
    await r.beat();
    expect((await viewOf(r.id))?.rateLimits).toEqual(FALLBACK);
    await r.beat(SHARED);
    expect((await viewOf(r.id))?.rateLimits).toEqual(SHARED);
    const bad = await r.beat({ mode: "sometimes", divisor: 0, detail: null });
    expect(bad.status).toBe(422);
    expect((await viewOf(r.id))?.rateLimits).toEqual(SHARED);
  });

  it("is listed in GET /api/v1/relays as the documented schema says, and worded for the Relays page", async () => {
    const shared = await relay("rl-api-shared");
    const fallback = await relay("rl-api-fallback");
    const local = await relay("rl-api-local");
    await shared.beat(SHARED);
    await fallback.beat(FALLBACK);
    await local.beat({ mode: "local", divisor: 1, detail: "No REDIS_URL: this relay counts its limits alone" });
    const infra = await makeActor("infra");
    const { token } = await createApiToken({ actor: infra, input: { name: "infra-rl", expiresInDays: 30 } });
    const response = await getRelays(
      new Request("http://localhost/api/v1/relays", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(listRelaysOperation.response.safeParse(body).success).toBe(true);
    const listed = (id: string) => body.relays.find((x: { id: string }) => x.id === id).rateLimits;
    expect(listed(fallback.id)).toEqual(FALLBACK);
    expect(describeRateLimits(listed(shared.id))).toMatchObject({ text: "Shared (Redis)", tone: "ok" });
    expect(describeRateLimits(listed(local.id))).toMatchObject({ text: "Local (no Redis)", tone: "neutral" });
    expect(describeRateLimits(listed(fallback.id))).toMatchObject({
      text: `Fallback: limit ÷ 3 — ${FALLBACK.detail}`,
      tone: "warn",
    });
    expect(describeRateLimits(null).text).toBe("not reported");
  });
});
