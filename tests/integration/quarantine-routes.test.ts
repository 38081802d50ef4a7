// The quarantine's HTTP surfaces, called as route handlers with real Requests: the relay routes
// (relay token; its own messages only; contract bodies) and the management API (API tokens,
// permissions, four-eyes answered 403).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as settledRoute } from "@/app/api/relay/v1/quarantine/[id]/settled/route";
import { POST as reportRoute } from "@/app/api/relay/v1/quarantine/route";
import { POST as deleteRoute } from "@/app/api/v1/quarantine/[id]/delete/route";
import { POST as approveRoute } from "@/app/api/v1/quarantine/[id]/release-approve/route";
import { POST as rejectRoute } from "@/app/api/v1/quarantine/[id]/release-reject/route";
import { POST as requestRoute } from "@/app/api/v1/quarantine/[id]/release-request/route";
import { GET as detailRoute } from "@/app/api/v1/quarantine/[id]/route";
import { GET as listRoute } from "@/app/api/v1/quarantine/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";

let relayToken: string;
let otherRelayToken: string;
const tokens = {} as Record<"admin" | "security" | "auditor" | "infra", string>;

const params = (id: string) => ({ params: Promise.resolve({ id }) });

function post(url: string, authorization: string | null, body?: unknown) {
  return new Request(`http://localhost${url}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.20",
      ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const get = (url: string, token: string) =>
  new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${token}` } });

function reportBody(id = randomUUID()) {
  return {
    id,
    queueId: "Q1",
    messageId: "<q@example.com>",
    senderId: randomUUID(),
    credentialId: null,
    from: "payroll@example.com",
    recipients: ["x@example.org"],
    subject: "IBAN list",
    sizeBytes: 900,
    verdict: "DLP: IBAN",
    findings: [
      {
        kind: "dlp",
        ruleName: "IBAN",
        action: "quarantine",
        where: "text",
        count: 1,
        samples: [{ redacted: "DE•• •••• •••• •••• ••30 00", context: "pay to DE•• •••• •••• •••• ••30 00 today" }],
      },
    ],
    headers: [["Subject", "IBAN list"]],
    receivedAt: new Date().toISOString(),
  };
}

async function held(): Promise<string> {
  const body = reportBody();
  const response = await reportRoute(post("/api/relay/v1/quarantine", relayToken, body));
  expect(response.status).toBe(201);
  return body.id;
}

beforeAll(async () => {
  const admin: Actor = await makeActor("admin");
  relayToken = (await registerRelay({ actor: admin, input: { name: "relay-q-routes" } })).token;
  otherRelayToken = (await registerRelay({ actor: admin, input: { name: "relay-q-other" } })).token;
  for (const role of ["admin", "security", "auditor", "infra"] as const) {
    const actor = role === "admin" ? admin : await makeActor(role);
    tokens[role] = (await createApiToken({ actor, input: { name: `q-${role}`, expiresInDays: 30 } })).token;
  }
});

describe("relay routes", () => {
  it("reports a held message (201, then 200 duplicate), refuses no token (401) and a bad body (422)", async () => {
    const body = reportBody();
    const first = await reportRoute(post("/api/relay/v1/quarantine", relayToken, body));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id: body.id, status: "held", duplicate: false });
    const again = await reportRoute(post("/api/relay/v1/quarantine", relayToken, body));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const anonymous = await reportRoute(post("/api/relay/v1/quarantine", null, body));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("switchyard-relay");
    // A management API token is not a relay token.
    expect((await reportRoute(post("/api/relay/v1/quarantine", tokens.admin, body))).status).toBe(401);
    const bad = await reportRoute(post("/api/relay/v1/quarantine", relayToken, { ...body, id: "x", recipients: "a" }));
    expect(bad.status).toBe(422);
    const error = (await bad.json()) as { error: { fieldErrors: Record<string, string[]> } };
    expect(Object.keys(error.error.fieldErrors).sort()).toEqual(["id", "recipients"]);
    expect((await reportRoute(post("/api/relay/v1/quarantine", relayToken, "{nope"))).status).toBe(400);
  });

  it("settles only the token's relay's messages (404 for another's), 422 for a bad id or body, 409 uncommanded", async () => {
    const id = await held();
    const at = new Date().toISOString();
    const settled = (token: string, messageId: string, body: unknown) =>
      settledRoute(post(`/api/relay/v1/quarantine/${messageId}/settled`, token, body), params(messageId));
    const uncommanded = await settled(relayToken, id, { outcome: "released", at });
    expect(uncommanded.status).toBe(409);
    await requestRoute(post("", tokens.security, { reason: "test data" }), params(id));
    const approved = await approveRoute(post("", tokens.admin, {}), params(id));
    expect(approved.status).toBe(200);
    const foreign = await settled(otherRelayToken, id, { outcome: "released", at });
    expect(foreign.status).toBe(404);
    expect((await settled(relayToken, "not-a-uuid", { outcome: "released", at })).status).toBe(422);
    expect((await settled(relayToken, id, { outcome: "vanished", at })).status).toBe(422);
    expect((await settled(relayToken, randomUUID(), { outcome: "released", at })).status).toBe(404);
    const ok = await settled(relayToken, id, { outcome: "released", queueId: "Q2", at });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, status: "released", settledAt: at, deliveredAt: null });
    const delivered = await settled(relayToken, id, { outcome: "delivered", at });
    expect(await delivered.json()).toMatchObject({ status: "delivered", deliveredAt: at });
  });
});

describe("/api/v1/quarantine", () => {
  it("lists and shows for the readers (auditor too), 403 for infra, 404 for an unknown id", async () => {
    const id = await held();
    const listed = await listRoute(get("/api/v1/quarantine?status=held&limit=5", tokens.auditor));
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { rows: { id: string; status: string }[]; nextBefore: string | null };
    expect(page.rows.every((r) => r.status === "held")).toBe(true);
    expect(page.rows.map((r) => r.id)).toContain(id);
    expect((await listRoute(get("/api/v1/quarantine?status=bogus", tokens.auditor))).status).toBe(422);
    const forbidden = await listRoute(get("/api/v1/quarantine", tokens.infra));
    expect(forbidden.status).toBe(403);
    const detail = await detailRoute(get(`/api/v1/quarantine/${id}`, tokens.auditor), params(id));
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as { findings: { samples: { redacted: string }[] }[]; timeline: unknown[] };
    expect(body.findings[0].samples[0].redacted).toContain("30 00");
    expect(body.timeline).toHaveLength(2);
    expect(
      (await detailRoute(get(`/api/v1/quarantine/${randomUUID()}`, tokens.auditor), params(randomUUID()))).status,
    ).toBe(404);
  });

  it("requests, refuses the requester's approval with 403, approves by another; reject and delete; the auditor reads only", async () => {
    const id = await held();
    expect((await requestRoute(post("", tokens.auditor, { reason: "auditor" }), params(id))).status).toBe(403);
    expect((await requestRoute(post("", tokens.security, {}), params(id))).status).toBe(422);
    const requested = await requestRoute(post("", tokens.security, { reason: "known test IBAN" }), params(id));
    expect(requested.status).toBe(200);
    expect(await requested.json()).toMatchObject({ status: "release_requested" });
    const own = await approveRoute(post("", tokens.security, {}), params(id));
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringMatching(/four-eyes/) },
    });
    const rejected = await rejectRoute(post("", tokens.admin, { comment: "keep it held" }), params(id));
    expect(await rejected.json()).toMatchObject({ status: "held" });
    expect((await deleteRoute(post("", tokens.auditor, { reason: "auditor" }), params(id))).status).toBe(403);
    const deleted = await deleteRoute(post("", tokens.admin, { reason: "not needed" }), params(id));
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ message: { status: "deleted" }, policyVersion: expect.any(Number) });
    expect((await deleteRoute(post("", tokens.admin, { reason: "again" }), params(id))).status).toBe(409);
  });
});
