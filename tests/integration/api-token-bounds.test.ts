// API tokens are bounded by their owner (issue #11 item 5): effective permission is the token's role
// ∩ the owner's current role, per request; disabling or resetting the owner revokes their tokens in
// the same transaction; only the owner mints a token; a token call's audit entry names token and owner.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditRoute } from "@/app/api/v1/audit/route";
import { POST as addDomainRoute } from "@/app/api/v1/domains/route";
import { POST as engageRoute } from "@/app/api/v1/kill-switches/route";
import { getDb } from "@/db/client";
import { apiTokens, auditLog } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { ROLES } from "@/lib/auth/roles";
import { changeUserRole, disableUser, resetUserPassword } from "@/lib/users/update-user";
import { createApiTokenSchema } from "@/lib/validations/api-tokens";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
});

// Raw input, as the dashboard form or the CLI sends it, parsed at the edge the way every surface does.
const mint = (actor: Actor, input: unknown) =>
  atEdge(createApiTokenSchema, input, (parsed) => createApiToken({ actor, input: parsed }));

const call = (handler: (request: Request) => Promise<Response>, token: string, path: string, body?: unknown) =>
  handler(
    new Request(`http://localhost${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

describe("API tokens bounded by their owner", () => {
  it("a security token whose owner is demoted to comms can no longer call a security-only route", async () => {
    const owner = await makeActor("security");
    const { token, view } = await mint(owner, { userId: owner.id, name: "soc-ci" });
    expect(view.role).toBe("security");
    expect((await call(listAuditRoute, token, "/api/v1/audit")).status).toBe(200);

    await changeUserRole({ actor: admin, input: { userId: owner.id!, role: "comms" } });
    const refused = await call(listAuditRoute, token, "/api/v1/audit");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/comms/);

    // Promoted back: the token's own role applies again (nothing cached past a request).
    await changeUserRole({ actor: admin, input: { userId: owner.id!, role: "security" } });
    expect((await call(listAuditRoute, token, "/api/v1/audit")).status).toBe(200);
  });

  it("a token never exceeds its own role, whatever the owner may do", async () => {
    const { token } = await mint(admin, { userId: admin.id, name: "admin-read-only", role: "comms" });
    expect((await call(listAuditRoute, token, "/api/v1/audit")).status).toBe(403);
  });

  it("disabling or resetting the owner revokes their tokens in the same transaction, audited", async () => {
    for (const [what, act] of [
      ["disable", (userId: string) => disableUser({ actor: admin, input: { userId, reason: "left the company" } })],
      ["reset", (userId: string) => resetUserPassword({ actor: admin, input: { userId } })],
    ] as const) {
      const owner = await makeActor("infra");
      const first = await mint(owner, { userId: owner.id, name: `${what}-1` });
      const second = await mint(owner, { userId: owner.id, name: `${what}-2` });
      await act(owner.id!);
      const rows = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, owner.id!));
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatchObject({ revokedBy: admin.id, revokedAt: expect.any(Date) });
      for (const { view } of [first, second]) {
        const entries = await getDb()
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, "api_token.revoke"), eq(auditLog.targetId, view.id)));
        expect(entries).toHaveLength(1);
        expect(entries[0].actorId).toBe(admin.id);
      }
      expect((await call(listAuditRoute, first.token, "/api/v1/audit")).status).toBe(401);
    }
  });

  it("only the owner mints a token: an admin cannot mint one for another user", async () => {
    const other = await makeActor("security");
    await expect(mint(admin, { userId: other.id, name: "impersonate" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.userId, other.id!))).toHaveLength(0);
    // Naming yourself is fine; a role beyond your own is refused.
    await expect(mint(other, { userId: other.id, name: "mine" })).resolves.toMatchObject({
      view: { role: "security" },
    });
    await expect(mint(other, { name: "too-much", role: "admin" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { role: expect.any(Array) },
    });
    // The host tool (system actor, npm run token:create) names the owner.
    await expect(mint(SYSTEM_ACTOR, { userId: other.id, name: "from-host" })).resolves.toMatchObject({
      view: { userId: other.id },
    });
  });

  it("the audit entry of a token call names the token and its owner", async () => {
    const owner = await makeActor("security");
    const { token, view } = await mint(owner, { userId: owner.id, name: "incident-bot", role: "security" });
    const response = await call(engageRoute, token, "/api/v1/kill-switches", {
      scope: "global",
      reason: "token audit test",
    });
    expect(response.status).toBe(201);
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.action, "kill_switch.engage"));
    expect(entry.actorId).toBe(owner.id);
    expect(entry.actorLabel).toContain(owner.label);
    expect(entry.actorLabel).toContain("incident-bot");
    expect(entry.actorLabel).toContain(view.id);
  });
});

describe("every user mints, lists and revokes their own API tokens", () => {
  it("an infra user mints their own token, which works on the API within their role", async () => {
    const infra = await makeActor("infra");
    const { token, view } = await mint(infra, { name: "infra-terraform" });
    expect(view).toMatchObject({ userId: infra.id, role: "infra", createdBy: infra.id });
    const added = await call(addDomainRoute, token, "/api/v1/domains", {
      domain: `own-${Date.now().toString(36)}.example.com`,
      algorithm: "ed25519",
    });
    expect(added.status, await added.clone().text()).toBe(201);
    expect((await call(listAuditRoute, token, "/api/v1/audit")).status).toBe(403);
  });

  it("infra cannot revoke the admin's token (403) but can revoke their own", async () => {
    const infra = await makeActor("infra");
    const adminToken = await mint(admin, { name: "admin-ci" });
    const refused = revokeApiToken({ actor: infra, input: { tokenId: adminToken.view.id } });
    await expect(refused).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
      message: expect.stringMatching(/another user/),
    });
    const [untouched] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, adminToken.view.id));
    expect(untouched.revokedAt).toBeNull();
    expect(
      await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "api_token.revoke"), eq(auditLog.targetId, adminToken.view.id))),
    ).toHaveLength(0);

    const own = await mint(infra, { name: "infra-own" });
    await revokeApiToken({ actor: infra, input: { tokenId: own.view.id } });
    const [revoked] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, own.view.id));
    expect(revoked).toMatchObject({ revokedBy: infra.id, revokedAt: expect.any(Date) });
  });

  it("each role revokes its own token; only admin revokes another user's", async () => {
    const owner = await makeActor("comms");
    for (const role of ROLES) {
      const actor = await makeActor(role);
      const own = await mint(actor, { name: `${role}-own` });
      await expect(revokeApiToken({ actor, input: { tokenId: own.view.id } }), role).resolves.toBeUndefined();
      const theirs = await mint(owner, { name: `${role}-theirs` });
      const attempt = revokeApiToken({ actor, input: { tokenId: theirs.view.id } });
      if (role === "admin") await expect(attempt, role).resolves.toBeUndefined();
      else await expect(attempt, role).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("listing with an owner shows only that user's tokens", async () => {
    const infra = await makeActor("infra");
    const mine = await mint(infra, { name: "infra-listed" });
    await mint(admin, { name: "admin-listed" });
    const listed = await listApiTokens({ ownerId: infra.id! });
    expect(listed.map((t) => t.id)).toEqual([mine.view.id]);
    expect((await listApiTokens()).map((t) => t.userId)).toContain(admin.id);
  });
});
