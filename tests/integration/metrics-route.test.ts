// GET /api/metrics on a real database: off without a token, bearer-protected with one (setting
// or environment, the environment winning), and fed by the instrumented relay routes.
import { createHash } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as scrape } from "@/app/api/metrics/route";
import { POST as postEvents } from "@/app/api/relay/v1/events/route";
import { GET as getPolicy } from "@/app/api/relay/v1/policy/route";
import type { Actor } from "@/lib/audit/actor";
import { registerRelay } from "@/lib/relays/register-relay";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const TOKEN = "sy-metrics-test-0123456789abcdef";
let admin: Actor;
let relayToken: string;
let relayId: string;

const get = (authorization?: string) =>
  scrape(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

async function sample(series: string): Promise<number> {
  const line = (await (await get(`Bearer ${TOKEN}`)).text()).split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  delete process.env.SWITCHYARD_METRICS_TOKEN;
  admin = await makeActor("admin");
  const registered = await registerRelay({ actor: admin, input: { name: "relay-metrics" } });
  relayToken = registered.token;
  relayId = registered.relay.id;
});

afterEach(() => {
  delete process.env.SWITCHYARD_METRICS_TOKEN;
});

describe("GET /api/metrics", () => {
  it("is off (404 with a clear message) until a token is set", async () => {
    const response = await get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: "not_found", message: expect.stringMatching(/SWITCHYARD_METRICS_TOKEN|metrics\.token/) },
    });
  });

  it("answers 401 with WWW-Authenticate without the token, the metrics with it", async () => {
    await setSetting({ actor: admin, key: "metrics.token", value: TOKEN });
    for (const authorization of [undefined, "Bearer wrong-token-0123456789abcdefgh", TOKEN]) {
      const refused = await get(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toContain("Bearer");
    }
    const ok = await get(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    const body = await ok.text();
    // Scrape-time gauges from the database: the registered relay has never sent a heartbeat.
    expect(body).toMatch(/^switchyard_relays\{health="offline"\} 1$/m);
    expect(body).toMatch(/^switchyard_policy_version \d+$/m);
    expect(body).toContain("process_resident_memory_bytes");
  });

  it("accepts a sha256: verifier in the setting, and lets SWITCHYARD_METRICS_TOKEN win over the setting", async () => {
    await setSetting({
      actor: admin,
      key: "metrics.token",
      value: `sha256:${createHash("sha256").update(TOKEN).digest("hex")}`,
    });
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(200);
    process.env.SWITCHYARD_METRICS_TOKEN = "env-token-abcdefghijklmnopqrstuvwxyz";
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(401);
    expect((await get("Bearer env-token-abcdefghijklmnopqrstuvwxyz")).status).toBe(200);
  });
});

describe("instrumented relay routes", () => {
  const relayRequest = (url: string, init: RequestInit = {}) =>
    new Request(`http://localhost${url}`, {
      ...init,
      headers: { authorization: `Bearer ${relayToken}`, "content-type": "application/json", ...(init.headers ?? {}) },
    });

  it("counts new events by outcome (a retried batch adds nothing), batches by result, and ingest time", async () => {
    await setSetting({ actor: admin, key: "metrics.token", value: TOKEN });
    const before = {
      delivered: await sample('switchyard_events_ingested_total{outcome="delivered"}'),
      bounced: await sample('switchyard_events_ingested_total{outcome="bounced"}'),
      ok: await sample('switchyard_event_batches_total{result="ok"}'),
      partial: await sample('switchyard_event_batches_total{result="partial"}'),
      duplicates: await sample('switchyard_events_discarded_total{reason="duplicate"}'),
      timed: await sample("switchyard_ingest_duration_seconds_count"),
    };
    const at = new Date().toISOString();
    const senderId = (await makeActiveSender(admin, (await makeDomain(admin)).id)).id;
    const batch = {
      events: await asRelayed(relayId, [
        { id: "met-00000001", type: "delivered", at, senderId, recipient: "a@example.net" },
        { id: "met-00000002", type: "delivered", at, senderId, recipient: "b@example.net" },
        { id: "met-00000003", type: "bounced", bounceType: "hard", at, senderId, recipient: "c@example.net" },
      ]),
    };
    const first = await postEvents(
      relayRequest("/api/relay/v1/events", { method: "POST", body: JSON.stringify(batch) }),
    );
    expect(first.status).toBe(200);
    // The relay's answer stays the contract's: no metrics-only fields leak into it.
    expect(Object.keys(await first.json()).sort()).toEqual(["accepted", "duplicates", "invalid"]);
    const retry = await postEvents(
      relayRequest("/api/relay/v1/events", {
        method: "POST",
        body: JSON.stringify({ events: [...batch.events, { id: "bad" }] }),
      }),
    );
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await sample('switchyard_events_ingested_total{outcome="delivered"}')).toBe(before.delivered + 2);
    expect(await sample('switchyard_events_ingested_total{outcome="bounced"}')).toBe(before.bounced + 1);
    expect(await sample('switchyard_event_batches_total{result="ok"}')).toBe(before.ok + 1);
    expect(await sample('switchyard_event_batches_total{result="partial"}')).toBe(before.partial + 1);
    expect(await sample('switchyard_events_discarded_total{reason="duplicate"}')).toBe(before.duplicates + 3);
    expect(await sample("switchyard_ingest_duration_seconds_count")).toBe(before.timed + 2);
  });

  it("counts policy polls as 200, 304 and error", async () => {
    await setSetting({ actor: admin, key: "metrics.token", value: TOKEN });
    const before = {
      ok: await sample('switchyard_policy_polls_total{result="200"}'),
      notModified: await sample('switchyard_policy_polls_total{result="304"}'),
      error: await sample('switchyard_policy_polls_total{result="error"}'),
    };
    const full = await getPolicy(relayRequest("/api/relay/v1/policy"));
    expect(full.status).toBe(200);
    const etag = full.headers.get("etag")!;
    expect((await getPolicy(relayRequest("/api/relay/v1/policy", { headers: { "if-none-match": etag } }))).status).toBe(
      304,
    );
    expect((await getPolicy(relayRequest("/api/relay/v1/policy?wait=99"))).status).toBe(422);
    expect(await sample('switchyard_policy_polls_total{result="200"}')).toBe(before.ok + 1);
    expect(await sample('switchyard_policy_polls_total{result="304"}')).toBe(before.notModified + 1);
    expect(await sample('switchyard_policy_polls_total{result="error"}')).toBe(before.error + 1);
  });
});
