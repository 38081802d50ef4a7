// The management API's credential routes, called as route handlers with real Requests and a real
// API token (no session): authentication, scopes, validation, rate-limit headers.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as revoke } from "@/app/api/v1/credentials/[id]/revoke/route";
import { POST as issue, GET as list } from "@/app/api/v1/senders/[id]/credentials/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let infraToken: string;
let commsToken: string;
let senderId: string;

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const call = (method: string, token: string, body?: unknown) =>
  new Request("http://localhost/api/v1/x", {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.9",
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  const admin: Actor = await makeActor("admin");
  const infra = await makeActor("infra");
  const comms = await makeActor("comms");
  infraToken = (await createApiToken({ actor: infra, input: { name: "infra-ci", expiresInDays: 90 } })).token;
  commsToken = (await createApiToken({ actor: comms, input: { name: "comms-ro", expiresInDays: 90 } })).token;
  const domain = await makeDomain(admin);
  senderId = (await makeActiveSender(admin, domain.id)).id;
});

describe("/api/v1 credentials", () => {
  it("issues with the secret once, lists without it, answers with rate-limit headers", async () => {
    const response = await issue(call("POST", infraToken, { expiresInDays: 30 }), params(senderId));
    expect(response.status).toBe(201);
    expect(response.headers.get("x-ratelimit-limit")).toBe("600");
    expect(Number(response.headers.get("x-ratelimit-remaining"))).toBeLessThan(600);
    const issued = (await response.json()) as { secret: string; credential: { id: string; username: string } };
    expect(issued.secret).toMatch(/^sysmtp_/);
    const listed = await list(call("GET", infraToken), params(senderId));
    const text = await listed.text();
    expect(text).toContain(issued.credential.username);
    expect(text).not.toContain(issued.secret);
    expect(text).not.toContain("verifier");
    const revoked = await revoke(call("POST", infraToken, { reason: "test over" }), params(issued.credential.id));
    expect(revoked.status).toBe(200);
  });

  // (No token at all falls back to the dashboard session, which needs a live request: tested in e2e.)
  it("answers 401 for a bad token, 403 for a role without the permission", async () => {
    const garbage = await issue(call("POST", "syapi_garbage", {}), params(senderId));
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get("www-authenticate")).toContain("Bearer");
    const forbidden = await issue(call("POST", commsToken, {}), params(senderId));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("answers 400 for malformed JSON, 422 naming fields, 404-ish ids as 422, 409 for a third credential", async () => {
    expect((await issue(call("POST", infraToken, "{not json"), params(senderId))).status).toBe(400);
    const bad = await issue(
      call("POST", infraToken, { expiresInDays: -3, allowedCidrs: "10.0.0.0/99" }),
      params(senderId),
    );
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { fieldErrors: Record<string, string[]> } };
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(expect.arrayContaining(["expiresInDays"]));
    expect((await issue(call("POST", infraToken, {}), params("not-a-uuid"))).status).toBe(422);
    await issue(call("POST", infraToken, {}), params(senderId));
    await issue(call("POST", infraToken, {}), params(senderId));
    const third = await issue(call("POST", infraToken, {}), params(senderId));
    expect(third.status).toBe(409);
  });
});
