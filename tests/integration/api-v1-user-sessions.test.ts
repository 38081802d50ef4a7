// GET/DELETE /api/v1/users/{id}/sessions, called as route handlers with real Requests and API tokens.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as list, DELETE as revokeAll } from "@/app/api/v1/users/[id]/sessions/route";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Role } from "@/lib/auth/roles";
import { loadLiveSession } from "@/lib/auth/sessions/load-session";
import { startSession } from "@/lib/auth/sessions/start-session";
import { listUserSessionsOperation } from "@/lib/server/api/operations/sessions";
import { makeActor } from "../support/actors";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const request = (method: string, token: string, body?: unknown) =>
  new Request("http://localhost/api/v1/users/x/sessions", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function tokenOf(role: Role): Promise<string> {
  const actor = await makeActor(role);
  return (await createApiToken({ actor, input: { name: `${role}-sessions`, expiresInDays: 90 } })).token;
}

describe("/api/v1/users/{id}/sessions", () => {
  it("lists and ends a user's sessions for admins only", async () => {
    const admin = await tokenOf("admin");
    const security = await tokenOf("security");
    const owner = await makeActor("comms");
    const sids = await Promise.all(
      [0, 1].map(async () => {
        const { id } = await startSession({
          userId: owner.id!,
          method: "password",
          ip: "198.51.100.9",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          mfaVerified: false,
        });
        return id;
      }),
    );

    expect((await list(request("GET", security), params(owner.id!))).status).toBe(403);
    expect((await revokeAll(request("DELETE", security, {}), params(owner.id!))).status).toBe(403);
    expect((await list(request("GET", admin), params(UNKNOWN_ID))).status).toBe(404);
    expect((await list(request("GET", admin), params("nope"))).status).toBe(422);

    const listed = await list(request("GET", admin), params(owner.id!));
    expect(listed.status).toBe(200);
    const json = await listed.json();
    expect(listUserSessionsOperation.response.parse(json)).toEqual(json);
    expect(json.sessions).toHaveLength(2);
    expect(json.sessions[0]).toMatchObject({ device: "Firefox 133 on Linux", status: "active", current: false });

    const ended = await revokeAll(request("DELETE", admin, { reason: "api offboarding" }), params(owner.id!));
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ revoked: 2 });
    for (const sid of sids) expect(await loadLiveSession({ sid, uid: owner.id!, sv: 1 })).toBeNull();
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sessions_revoked_all"), eq(auditLog.targetId, owner.id!)));
    expect(entry.reason).toBe("api offboarding");
  });
});
