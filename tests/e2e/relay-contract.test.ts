// The relay contract over real HTTP against the production server: tokens, ETag/304, long-poll
// woken by a kill switch, idempotent events, bad input.
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { type FixtureCaller, Fixtures } from "./authz/fixtures";
import { baseURL, demoCookie } from "./support/http-session";

let relayToken: string;
let fixtures: Fixtures;
let adminCookie: string;

const relayFetch = (path: string, init: RequestInit = {}, token = relayToken) =>
  fetch(`${baseURL()}/api/relay/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  const cookies = {} as Record<FixtureCaller, string>;
  for (const role of ROLES) cookies[role] = await demoCookie(role);
  cookies.requester = cookies.infra;
  cookies.releaser = cookies.security;
  adminCookie = cookies.admin;
  fixtures = new Fixtures(cookies, "");
  relayToken = await fixtures.relayToken();
});

describe("relay contract", () => {
  it("refuses missing, malformed and unknown tokens with 401", async () => {
    expect((await fetch(`${baseURL()}/api/relay/v1/policy`)).status).toBe(401);
    expect((await relayFetch("/policy", {}, "syrelay_short")).status).toBe(401);
    const unknown = await relayFetch(
      "/policy",
      {},
      `${relayToken.slice(0, 8)}${"A".repeat(43)}${relayToken.slice(-6)}`,
    );
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("serves the snapshot with an ETag, 304 for If-None-Match, 422 for a bad wait", async () => {
    const first = await relayFetch("/policy");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const snapshot = (await first.json()) as { version: number; senders: unknown[] };
    expect(etag).toBe(`"${snapshot.version}"`);
    expect(snapshot.senders.length).toBeGreaterThan(0);
    expect((await relayFetch("/policy", { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await relayFetch("/policy?wait=99")).status).toBe(422);
  });

  it("wakes a long-poll within a second of a kill switch being engaged", async () => {
    const { version } = (await (await relayFetch("/policy")).json()) as { version: number };
    const senderId = await fixtures.activeSender();
    const now = (await (await relayFetch("/policy")).json()) as { version: number };
    const started = Date.now();
    const poll = relayFetch("/policy?wait=20", { headers: { "if-none-match": `"${now.version}"` } });
    await new Promise((r) => setTimeout(r, 300));
    const engagedAt = Date.now();
    const engage = await fetch(`${baseURL()}/api/v1/kill-switches`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: adminCookie, origin: baseURL() },
      body: JSON.stringify({ scope: "sender", targetId: senderId, reason: "contract test" }),
    });
    expect(engage.status).toBe(201);
    const response = await poll;
    const answeredAt = Date.now();
    expect(response.status).toBe(200);
    const next = (await response.json()) as { version: number; killSwitches: { target: string }[] };
    expect(next.version).toBeGreaterThan(version);
    expect(next.killSwitches.map((k) => k.target)).toContain(senderId);
    expect(answeredAt - engagedAt).toBeLessThan(1000);
    expect(answeredAt - started).toBeLessThan(5000);
  });

  it("answers a long-poll at its timeout with 304 when nothing changed", async () => {
    const { version } = (await (await relayFetch("/policy")).json()) as { version: number };
    const started = Date.now();
    const response = await relayFetch("/policy?wait=1", { headers: { "if-none-match": `"${version}"` } });
    expect([200, 304]).toContain(response.status);
    if (response.status === 304) expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("stores events idempotently and names invalid ones, keeping the valid", async () => {
    const id = `e2e-${Date.now()}`;
    const batch = {
      events: [
        { id, type: "rejected", reason: "auth", at: new Date().toISOString(), clientIp: "203.0.113.9" },
        { id: "x", type: "teleported" },
      ],
    };
    const post = () =>
      relayFetch("/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(batch),
      });
    const first = await post();
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      accepted: number;
      duplicates: number;
      invalid: { index: number; errors: Record<string, string[]> }[];
    };
    expect(body.accepted).toBe(1);
    expect(body.invalid[0].index).toBe(1);
    expect(Object.keys(body.invalid[0].errors)).toEqual(expect.arrayContaining(["id", "type"]));
    expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("answers malformed JSON 400, an oversized batch 413, an all-invalid batch 422", async () => {
    const post = (body: string) =>
      relayFetch("/events", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await post("{nope")).status).toBe(400);
    expect(
      (
        await post(
          JSON.stringify({
            events: [
              {
                id: "a".repeat(90),
                type: "delivered",
                at: new Date().toISOString(),
                detail: "x".repeat(3 * 1024 * 1024),
              },
            ],
          }),
        )
      ).status,
    ).toBe(413);
    expect((await post(JSON.stringify({ events: [{ id: "bad id!", type: "delivered" }] }))).status).toBe(422);
    expect((await post(JSON.stringify({ events: [] }))).status).toBe(422);
    expect(
      (
        await relayFetch("/heartbeat", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ queueDepth: "lots" }),
        })
      ).status,
    ).toBe(422);
  });

  it("refuses events naming another relay (403) and outcomes for a credential this relay never accepted mail from", async () => {
    const relays = (await (await fetch(`${baseURL()}/api/v1/relays`, { headers: { cookie: adminCookie } })).json()) as {
      relays: { id: string; tokenLast4: string }[];
    };
    const own = relays.relays.find((r) => r.tokenLast4 === relayToken.slice(-4))!;
    const other = relays.relays.find((r) => r.id !== own.id)!;
    const post = (body: unknown) =>
      relayFetch("/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refusal = { id: `e2e-own-${Date.now()}`, type: "rejected", reason: "auth", at: new Date().toISOString() };
    expect((await post({ relayId: other.id, events: [refusal] })).status).toBe(403);
    expect((await post({ events: [{ ...refusal, relayId: other.id }] })).status).toBe(403);
    const bounce = {
      id: `e2e-bnc-${Date.now()}`,
      type: "bounced",
      bounceType: "hard",
      at: new Date().toISOString(),
      credentialId: "0b9a7c55-1d2e-4f3a-8b6c-5d4e3f2a1b0c",
    };
    const answer = await post({ events: [bounce] });
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({
      accepted: 0,
      invalid: [{ index: 0, errors: { credentialId: [expect.stringMatching(/never accepted/)] } }],
    });
  });

  it("shows a relay's heartbeat warnings in the relay list and on the Relays page", async () => {
    const warning = `Event spool full (e2e ${Date.now()})`;
    const beat = {
      softwareVersion: "switchyard-relay/e2e",
      policyVersion: 1,
      policyAppliedAt: new Date().toISOString(),
      queueDepth: 0,
      warnings: [warning],
    };
    expect(
      (
        await relayFetch("/heartbeat", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(beat),
        })
      ).status,
    ).toBe(200);
    const relays = (await (await fetch(`${baseURL()}/api/v1/relays`, { headers: { cookie: adminCookie } })).json()) as {
      relays: { name: string; tokenLast4: string; warnings: string[] }[];
    };
    const mine = relays.relays.find((r) => r.tokenLast4 === relayToken.slice(-4))!;
    expect(mine.warnings).toEqual([warning]);
    const html = await (await fetch(`${baseURL()}/relays`, { headers: { cookie: adminCookie } })).text();
    expect(html).toContain(`data-testid="relay-warnings-${mine.name}"`);
    expect(html).toContain(warning);
  });

  it("refuses a revoked relay's token", async () => {
    const token = await fixtures.relayToken();
    const relays = (await (await fetch(`${baseURL()}/api/v1/relays`, { headers: { cookie: adminCookie } })).json()) as {
      relays: { id: string; tokenLast4: string }[];
    };
    const relay = relays.relays.find((r) => r.tokenLast4 === token.slice(-4))!;
    expect((await relayFetch("/policy", {}, token)).status).toBe(200);
    await fixtures.call("app/(dashboard)/relays/actions.ts#revokeRelayAction", {
      relayId: relay.id,
      reason: "decommissioned",
    });
    expect((await relayFetch("/policy", {}, token)).status).toBe(401);
  });
});
