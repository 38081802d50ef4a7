// Relays and the DKIM private keys they are handed: only an admin registers one, a full snapshot
// records which keys a relay holds, and "revoke and rotate" replaces exactly those in one step.
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as poll } from "@/app/api/relay/v1/policy/route";
import { POST as revokeAndRotate } from "@/app/api/v1/relays/[id]/revoke-and-rotate/route";
import { getDb } from "@/db/client";
import { auditLog, dkimKeys, relayDkimKeys } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { addDomain } from "@/lib/domains/add-domain";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { listRelays } from "@/lib/relays/list-relays";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";
import { makeActor } from "../support/actors";

let admin: Actor;
let infra: Actor;
let infraToken: string;
let commsToken: string;

beforeAll(async () => {
  admin = await makeActor("admin");
  infra = await makeActor("infra");
  const comms = await makeActor("comms");
  // Each owner mints their own token.
  infraToken = (
    await createApiToken({ actor: infra, input: { userId: infra.id!, name: "infra-relays", expiresInDays: 90 } })
  ).token;
  commsToken = (
    await createApiToken({ actor: comms, input: { userId: comms.id!, name: "comms-relays", expiresInDays: 90 } })
  ).token;
});

const domainName = () => `k${randomBytes(4).toString("hex")}.example.com`;
const pollAs = (token: string, etag?: string) =>
  poll(
    new Request("http://localhost/api/relay/v1/policy", {
      headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) },
    }),
  );
const heldBy = (relayId: string) => getDb().select().from(relayDkimKeys).where(eq(relayDkimKeys.relayId, relayId));
const activeKeyOf = async (domainId: string) =>
  (
    await getDb()
      .select()
      .from(dkimKeys)
      .where(and(eq(dkimKeys.domainId, domainId), eq(dkimKeys.status, "active")))
  )[0];
const callRevokeAndRotate = (token: string, relayId: string, body: unknown) =>
  revokeAndRotate(
    new Request(`http://localhost/api/v1/relays/${relayId}/revoke-and-rotate`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id: relayId }) },
  );

// A relay that has polled once (a full snapshot) and whose holdings are written.
async function relayThatPolled(name: string) {
  const registered = await registerRelay({ actor: admin, input: { name } });
  const response = await pollAs(registered.token);
  expect(response.status).toBe(200);
  const served = JSON.parse(await response.text()) as { domains: { dkim: unknown }[] };
  const carried = served.domains.filter((d) => d.dkim).length;
  await vi.waitFor(async () => expect(await heldBy(registered.relay.id)).toHaveLength(carried), { timeout: 5_000 });
  return { ...registered, etag: response.headers.get("etag")! };
}

describe("relay registration", () => {
  it("is refused to infra (403) and allowed to an admin, audited with the keys it unlocks", async () => {
    await expect(registerRelay({ actor: infra, input: { name: "relay-by-infra" } })).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
    });
    const { relay } = await registerRelay({ actor: admin, input: { name: "relay-by-admin" } });
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "relay.register"), eq(auditLog.targetId, relay.id)));
    expect(entry.actorId).toBe(admin.id);
    expect(entry.after).toMatchObject({ name: "relay-by-admin", dkimKeysHandedAtFirstPoll: expect.any(Number) });
    expect((await listRelays()).relays.some((r) => r.name === "relay-by-infra")).toBe(false);
  });
});

describe("DKIM key holdings", () => {
  it("are recorded when a full snapshot is served (not on a 304) and listed per relay", async () => {
    const { domain } = await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "ed25519" } });
    const key = await activeKeyOf(domain.id);
    const { relay, token, etag } = await relayThatPolled("relay-holdings");
    const [held] = (await heldBy(relay.id)).filter((h) => h.dkimKeyId === key.id);
    expect(held).toBeDefined();
    expect(held.firstServedAt.getTime()).toBeLessThanOrEqual(Date.now());

    // An unchanged version answers 304 and writes nothing.
    expect((await pollAs(token, etag)).status).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [again] = (await heldBy(relay.id)).filter((h) => h.dkimKeyId === key.id);
    expect(again.lastServedAt.getTime()).toBe(held.lastServedAt.getTime());

    const view = (await listRelays()).relays.find((r) => r.id === relay.id)!;
    expect(view.dkimKeysHeld).toContainEqual(
      expect.objectContaining({ dkimKeyId: key.id, domain: domain.domain, selector: key.selector, status: "active" }),
    );
  });
});

describe("revoke a relay and rotate every key it held", () => {
  it("refuses comms (403) and a wrong confirmation (422), leaving the relay and its keys alone", async () => {
    const { domain } = await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "ed25519" } });
    const key = await activeKeyOf(domain.id);
    const { relay, token } = await relayThatPolled("relay-refused");
    const version = await currentPolicyVersion();
    expect(
      (await callRevokeAndRotate(commsToken, relay.id, { reason: "compromised", confirmName: relay.name })).status,
    ).toBe(403);
    const wrong = await callRevokeAndRotate(infraToken, relay.id, {
      reason: "compromised",
      confirmName: "another-relay",
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ error: { fieldErrors: { confirmName: expect.any(Array) } } });
    expect(await currentPolicyVersion()).toBe(version);
    expect((await pollAs(token)).status).toBe(200);
    expect((await activeKeyOf(domain.id)).id).toBe(key.id);
  });

  it("revokes the token, rotates exactly the held active keys, bumps the policy once and audits the list", async () => {
    const heldA = (await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "ed25519" } })).domain;
    const heldB = (await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "rsa" } })).domain;
    const { relay, token } = await relayThatPolled("relay-compromised");
    // Added after the relay's last poll: it never held this key.
    const notHeld = (await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "ed25519" } })).domain;
    const before = { a: await activeKeyOf(heldA.id), b: await activeKeyOf(heldB.id), c: await activeKeyOf(notHeld.id) };
    const held = new Set((await heldBy(relay.id)).map((h) => h.dkimKeyId));
    expect(held.has(before.a.id) && held.has(before.b.id) && !held.has(before.c.id)).toBe(true);
    // Every active key held (the relay polled when these were all the active keys there are).
    const heldActive = (await getDb().select().from(dkimKeys).where(eq(dkimKeys.status, "active"))).filter((k) =>
      held.has(k.id),
    );
    const version = await currentPolicyVersion();

    const response = await callRevokeAndRotate(infraToken, relay.id, {
      reason: "host compromised",
      confirmName: relay.name,
      overlapDays: 2,
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      revokedNow: boolean;
      rotated: { previousKeyId: string; keyId: string; selector: string; previousSelector: string }[];
      policyVersion: number;
    };
    expect(result.revokedNow).toBe(true);
    expect(result.rotated.map((r) => r.previousKeyId).sort()).toEqual(heldActive.map((k) => k.id).sort());
    expect(result.policyVersion).toBe(version + 1);
    expect(await currentPolicyVersion()).toBe(version + 1);

    // The token is refused from the next poll on.
    expect((await pollAs(token)).status).toBe(401);

    // Held keys: replaced by a new key with a new selector, same algorithm; the old one overlaps.
    for (const old of [before.a, before.b]) {
      const next = await activeKeyOf(old.domainId);
      expect(next.id).not.toBe(old.id);
      expect(next.selector).not.toBe(old.selector);
      expect(next.algorithm).toBe(old.algorithm);
      expect(next.bits).toBe(old.bits);
      const [previous] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, old.id));
      expect(previous.status).toBe("published");
      expect(previous.retireAfter!.getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000 - 60_000);
    }
    // The key it never held is untouched.
    expect((await activeKeyOf(notHeld.id)).id).toBe(before.c.id);

    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "relay.revoke_and_rotate"))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(entry).toMatchObject({ targetId: relay.id, reason: "host compromised", actorId: infra.id });
    const after = entry.after as { rotatedKeys: { previousKeyId: string; selector: string }[]; policyVersion: number };
    expect(after.rotatedKeys.map((k) => k.previousKeyId).sort()).toEqual(
      result.rotated.map((r) => r.previousKeyId).sort(),
    );
    expect(after.policyVersion).toBe(version + 1);
    const rotations = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dkim_key.rotate"), eq(auditLog.targetId, heldA.id)));
    expect(rotations).toHaveLength(1);

    // Already revoked and nothing left that signs: nothing to do.
    const again = await callRevokeAndRotate(infraToken, relay.id, { reason: "again", confirmName: relay.name });
    expect(again.status).toBe(409);
    expect(await currentPolicyVersion()).toBe(version + 1);
  });

  it("rotates the keys of a relay revoked earlier, retiring the old ones at once with an overlap of 0", async () => {
    const { domain } = await addDomain({ actor: admin, input: { domain: domainName(), algorithm: "ed25519" } });
    const old = await activeKeyOf(domain.id);
    const { relay } = await relayThatPolled("relay-zero-overlap");
    await revokeRelay({ actor: admin, input: { relayId: relay.id, reason: "decommissioned" } });
    const version = await currentPolicyVersion();
    const response = await callRevokeAndRotate(infraToken, relay.id, {
      reason: "keys found on the old disk",
      confirmName: relay.name,
      overlapDays: 0,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ revokedNow: false, policyVersion: version + 1 });
    const [previous] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, old.id));
    expect(previous.status).toBe("retired");
    const view = (await listRelays()).relays.find((r) => r.id === relay.id)!;
    expect(view.status).toBe("revoked");
    expect(view.dkimKeysHeld.find((k) => k.dkimKeyId === old.id)?.status).toBe("retired");
  });
});
