import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, auditLog } from "@/db/schema";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { generateToken } from "@/lib/secrets/token-format";
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
    const { token, view } = await createApiToken({ actor: infra, input: { name: "terraform" } });
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

  it("can be scoped to a narrower role, and acts as the owner with both roles", async () => {
    const { token } = await createApiToken({ actor: infra, input: { name: "read-only", role: "comms" } });
    expect((await authenticateApiToken({ token, ip: null })).actor).toMatchObject({ id: infra.id, role: "infra", token: { role: "comms" } });
  });

  it("refuses malformed, unknown, revoked, expired tokens and disabled owners with a reason", async () => {
    await expect(authenticateApiToken({ token: "syapi_nope", ip: null })).rejects.toThrow(/Malformed/);
    const { token: other } = await createApiToken({ actor: infra, input: { name: "another" } });
    const typo = other.slice(0, 10) + (other[10] === "a" ? "b" : "a") + other.slice(11);
    await expect(authenticateApiToken({ token: typo, ip: null })).rejects.toThrow(/Malformed/);

    const { token, view } = await createApiToken({ actor: infra, input: { name: "to-revoke" } });
    await revokeApiToken({ actor: admin, input: { tokenId: view.id } });
    await expect(authenticateApiToken({ token, ip: null })).rejects.toThrow(/revoked/);
    await expect(revokeApiToken({ actor: admin, input: { tokenId: view.id } })).rejects.toMatchObject({ code: "conflict" });

    const expiring = await createApiToken({ actor: infra, input: { name: "expiring", expiresInDays: 1 } });
    await getDb().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.view.id));
    await expect(authenticateApiToken({ token: expiring.token, ip: null })).rejects.toThrow(/expired/);

    const owner = await makeActor("security");
    const owned = await createApiToken({ actor: owner, input: { name: "owned" } });
    await disableUser({ actor: admin, input: { userId: owner.id, reason: "left" } });
    await expect(authenticateApiToken({ token: owned.token, ip: null })).rejects.toThrow(/revoked/);
  });

  it("tells a relay token (or an SMTP secret) used as an API token what it is, not 'malformed'", async () => {
    await expect(authenticateApiToken({ token: generateToken("relay"), ip: null })).rejects.toThrow(/relay token/);
    await expect(authenticateApiToken({ token: generateToken("smtp"), ip: null })).rejects.toThrow(/SMTP credential/);
    await expect(authenticateApiToken({ token: `${generateToken("relay")}x`, ip: null })).rejects.toThrow(/Malformed/);
  });

  it("names bad fields", async () => {
    await expect(createApiToken({ actor: SYSTEM_ACTOR, input: { userId: "nope", name: "", expiresInDays: 9999 } })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { userId: expect.any(Array), name: expect.any(Array), expiresInDays: expect.any(Array) },
    });
  });
});
