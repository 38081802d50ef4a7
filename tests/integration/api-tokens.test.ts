import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, auditLog } from "@/db/schema";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { generateToken } from "@/lib/server/secrets/token-format";
import { disableUser } from "@/lib/users/update-user";
import { createApiTokenSchema } from "@/lib/validations/api-tokens";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

let admin: Actor;
let infra: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
  infra = await makeActor("infra");
});

// Raw input, as the dashboard form or the CLI sends it, parsed at the edge the way every surface does.
const mint = (actor: Actor, input: unknown) =>
  atEdge(createApiTokenSchema, input, (parsed) => createApiToken({ actor, input: parsed }));

describe("API tokens", () => {
  it("stores only a verifier, carries the owner's role by default, and authenticates", async () => {
    const { token, view } = await mint(infra, { name: "terraform" });
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
    const { token } = await mint(infra, { name: "read-only", role: "comms" });
    expect((await authenticateApiToken({ token, ip: null })).actor).toMatchObject({
      id: infra.id,
      role: "infra",
      token: { role: "comms" },
    });
  });

  it("refuses malformed, unknown, revoked, expired tokens and disabled owners with a reason", async () => {
    await expect(authenticateApiToken({ token: "syapi_nope", ip: null })).rejects.toThrow(/Malformed/);
    const { token: other } = await mint(infra, { name: "another" });
    const typo = other.slice(0, 10) + (other[10] === "a" ? "b" : "a") + other.slice(11);
    await expect(authenticateApiToken({ token: typo, ip: null })).rejects.toThrow(/Malformed/);

    const { token, view } = await mint(infra, { name: "to-revoke" });
    await revokeApiToken({ actor: admin, input: { tokenId: view.id } });
    await expect(authenticateApiToken({ token, ip: null })).rejects.toThrow(/revoked/);
    await expect(revokeApiToken({ actor: admin, input: { tokenId: view.id } })).rejects.toMatchObject({
      code: "conflict",
    });

    const expiring = await mint(infra, { name: "expiring", expiresInDays: 1 });
    await getDb()
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expiring.view.id));
    await expect(authenticateApiToken({ token: expiring.token, ip: null })).rejects.toThrow(/expired/);

    const owner = await makeActor("security");
    const owned = await mint(owner, { name: "owned" });
    await disableUser({ actor: admin, input: { userId: owner.id!, reason: "left" } });
    await expect(authenticateApiToken({ token: owned.token, ip: null })).rejects.toThrow(/revoked/);
  });

  it("tells a relay token (or an SMTP secret) used as an API token what it is, not 'malformed'", async () => {
    await expect(authenticateApiToken({ token: generateToken("relay"), ip: null })).rejects.toThrow(/relay token/);
    await expect(authenticateApiToken({ token: generateToken("smtp"), ip: null })).rejects.toThrow(/SMTP credential/);
    await expect(authenticateApiToken({ token: `${generateToken("relay")}x`, ip: null })).rejects.toThrow(/Malformed/);
  });

  it("names bad fields", async () => {
    await expect(mint(SYSTEM_ACTOR, { userId: "nope", name: "", expiresInDays: 9999 })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { userId: expect.any(Array), name: expect.any(Array), expiresInDays: expect.any(Array) },
    });
  });
});
