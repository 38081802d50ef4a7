import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, auditLog } from "@/db/schema";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import type { Actor } from "@/lib/audit/actor";
import { disableUser } from "@/lib/users/update-user";
import { makeActor } from "../support/actors";

let admin: Actor;
let infra: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
  infra = await makeActor("infra");
});

describe("API tokens", () => {
  it("stores only a verifier, carries the owner's role by default, and authenticates", async () => {
    const { token, view } = await createApiToken({ actor: admin, input: { userId: infra.id, name: "terraform" } });
    expect(token).toMatch(/^syapi_/);
    expect(view.role).toBe("infra");
    expect(view).not.toHaveProperty("verifier");
    const [row] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, view.id));
    expect(JSON.stringify(row)).not.toContain(token);
    const context = await authenticateApiToken({ token, ip: "203.0.113.9" });
    expect(context.actor).toMatchObject({ id: infra.id, role: "infra" });
    const [used] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, view.id));
    expect(used.lastUsedIp).toBe("203.0.113.9");
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.targetId, view.id));
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it("can be scoped to another role", async () => {
    const { token } = await createApiToken({ actor: admin, input: { userId: infra.id, name: "read-only", role: "auditor" } });
    expect((await authenticateApiToken({ token, ip: null })).actor.role).toBe("auditor");
  });

  it("refuses malformed, unknown, revoked, expired tokens and disabled owners with a reason", async () => {
    await expect(authenticateApiToken({ token: "syapi_nope", ip: null })).rejects.toThrow(/Malformed/);
    const { token: other } = await createApiToken({ actor: admin, input: { userId: infra.id, name: "another" } });
    const typo = other.slice(0, 10) + (other[10] === "a" ? "b" : "a") + other.slice(11);
    await expect(authenticateApiToken({ token: typo, ip: null })).rejects.toThrow(/Malformed/);

    const { token, view } = await createApiToken({ actor: admin, input: { userId: infra.id, name: "to-revoke" } });
    await revokeApiToken({ actor: admin, input: { tokenId: view.id } });
    await expect(authenticateApiToken({ token, ip: null })).rejects.toThrow(/revoked/);
    await expect(revokeApiToken({ actor: admin, input: { tokenId: view.id } })).rejects.toMatchObject({ code: "conflict" });

    const expiring = await createApiToken({ actor: admin, input: { userId: infra.id, name: "expiring", expiresInDays: 1 } });
    await getDb().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.view.id));
    await expect(authenticateApiToken({ token: expiring.token, ip: null })).rejects.toThrow(/expired/);

    const owner = await makeActor("security");
    const owned = await createApiToken({ actor: admin, input: { userId: owner.id, name: "owned" } });
    await disableUser({ actor: admin, input: { userId: owner.id, reason: "left" } });
    await expect(authenticateApiToken({ token: owned.token, ip: null })).rejects.toThrow(/disabled/);
  });

  it("names bad fields", async () => {
    await expect(createApiToken({ actor: admin, input: { userId: "nope", name: "", expiresInDays: 9999 } })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { userId: expect.any(Array), name: expect.any(Array), expiresInDays: expect.any(Array) },
    });
  });
});
