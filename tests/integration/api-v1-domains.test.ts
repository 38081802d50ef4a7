// The management API's sending-domain and DKIM key routes, called as route handlers with real
// Requests and real API tokens. No response ever carries a private key, sealed or not.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { POST as retireKey } from "@/app/api/v1/dkim-keys/[id]/retire/route";
import { POST as rotateKey } from "@/app/api/v1/domains/[id]/dkim-keys/rotate/route";
import { POST as generateKey } from "@/app/api/v1/domains/[id]/dkim-keys/route";
import { GET as getOne } from "@/app/api/v1/domains/[id]/route";
import { POST as add, GET as list } from "@/app/api/v1/domains/route";
import { getDb } from "@/db/client";
import { auditLog, dkimKeys, sendingDomains } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/roles";
import { openPrivateKey } from "@/lib/domains/dkim-private-key";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import {
  addDomainOperation,
  generateDkimKeyOperation,
  getDomainOperation,
  listDomainsOperation,
  retireDkimKeyOperation,
  rotateDkimKeyOperation,
} from "@/lib/server/api/operations/domains";
import { makeActor } from "../support/actors";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

type Caller = { actor: Actor; token: string };
let infra: Caller;
let security: Caller;
let comms: Caller;
// Every response body, checked at the end against every key's sealed and opened private key.
const bodies: string[] = [];

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };
const request = (method: string, token: string, body?: unknown) =>
  new Request("http://localhost/api/v1/domains", {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.30",
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

async function caller(role: Role): Promise<Caller> {
  const actor = await makeActor(role);
  const { token } = await createApiToken({ actor: actor, input: { name: `${role}-api-test`, expiresInDays: 90 } });
  return { actor, token };
}

async function text(response: Response): Promise<string> {
  const body = await response.text();
  bodies.push(body);
  expect(body.toLowerCase()).not.toContain("privatekey");
  expect(body).not.toContain("PRIVATE KEY");
  return body;
}

// The body matches the operation's response schema exactly: no field missing, none undocumented.
async function onWire<S extends z.ZodType>(response: Response, schema: S, status: number): Promise<z.infer<S>> {
  const json = JSON.parse(await text(response));
  expect(response.status, JSON.stringify(json)).toBe(status);
  expect(schema.parse(json)).toEqual(json);
  return json;
}

async function errorOf(response: Response) {
  return (
    JSON.parse(await text(response)) as {
      error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
    }
  ).error;
}

const uniqueDomain = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}.example.net`;

beforeAll(async () => {
  [infra, security, comms] = await Promise.all([caller("infra"), caller("security"), caller("comms")]);
});

describe("/api/v1/domains and DKIM keys", () => {
  it("adds a domain, lists and shows it with DNS records, generates, rotates to a staged key and retires the old one", async () => {
    const v0 = await currentPolicyVersion();
    const name = uniqueDomain("mail");
    const response = await add(
      request("POST", infra.token, {
        domain: name.toUpperCase(),
        algorithm: "ed25519",
        selector: "First1",
        dmarcReportEmail: "dmarc@example.net",
      }),
      noParams,
    );
    expect(response.headers.get("x-ratelimit-limit")).toBe("600");
    expect(response.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    const added = await onWire(response, addDomainOperation.response, 201);
    expect(added.domain).toMatchObject({
      domain: name,
      status: "active",
      createdBy: infra.actor.id,
      dmarcReportEmail: "dmarc@example.net",
    });
    expect(added.key).toMatchObject({ selector: "first1", algorithm: "ed25519", bits: null, status: "active" });
    expect(added.policyVersion).toBe(v0 + 1);
    const domainId = added.domain.id;
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.targetId, domainId));
    expect(audit).toMatchObject({ action: "domain.add", actorId: infra.actor.id });

    const listed = await onWire(await list(request("GET", comms.token), noParams), listDomainsOperation.response, 200);
    expect(listed.domains.find((d) => d.id === domainId)).toMatchObject({
      domain: name,
      activeSelector: "first1",
      keyCount: 1,
    });

    const staged = await onWire(
      await generateKey(request("POST", security.token, { algorithm: "ed25519", selector: "next2" }), params(domainId)),
      generateDkimKeyOperation.response,
      201,
    );
    expect(staged).toMatchObject({
      activated: false,
      key: { selector: "next2", status: "published", retireAfter: null, domainId },
    });

    const detail = await onWire(
      await getOne(request("GET", comms.token), params(domainId)),
      getDomainOperation.response,
      200,
    );
    expect(detail.keys.map((k) => [k.selector, k.status])).toEqual([
      ["next2", "published"],
      ["first1", "active"],
    ]);
    expect(detail).toMatchObject({ reportEmail: "dmarc@example.net", reportEmailIsDefault: false });
    const records = detail.dns.records.map((r) => [r.purpose, r.name]);
    expect(records).toEqual(
      expect.arrayContaining([
        ["dkim", `first1._domainkey.${name}`],
        ["dkim", `next2._domainkey.${name}`],
        ["spf", name],
        ["dmarc", `_dmarc.${name}`],
      ]),
    );
    const firstRecord = detail.dns.records.find((r) => r.selector === "first1");
    expect(firstRecord?.value).toBe(`v=DKIM1; k=ed25519; p=${added.key.publicKey}`);

    const rotated = await onWire(
      await rotateKey(request("POST", infra.token, { keyId: staged.key.id, overlapDays: 7 }), params(domainId)),
      rotateDkimKeyOperation.response,
      200,
    );
    expect(rotated).toMatchObject({
      key: { id: staged.key.id, status: "active" },
      previous: { id: added.key.id, status: "published" },
      overlapDays: 7,
    });
    expect(Date.parse(rotated.previous?.retireAfter ?? "")).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const activeRetire = await retireKey(
      request("POST", infra.token, { reason: "Trying to retire the signing key" }),
      params(staged.key.id),
    );
    expect(activeRetire.status).toBe(409);
    expect((await errorOf(activeRetire)).code).toBe("conflict");
    const retired = await onWire(
      await retireKey(request("POST", infra.token, { reason: "DNS already updated" }), params(added.key.id)),
      retireDkimKeyOperation.response,
      200,
    );
    expect(retired.key).toMatchObject({ id: added.key.id, status: "retired" });
    expect(retired.policyVersion).toBeGreaterThan(rotated.policyVersion);
    const again = await retireKey(request("POST", infra.token, { reason: "Once more" }), params(added.key.id));
    expect(again.status).toBe(409);

    // A fresh RSA key with no overlap: the previous one is retired at once.
    const fresh = await onWire(
      await rotateKey(request("POST", infra.token, { algorithm: "rsa", bits: 1024, overlapDays: 0 }), params(domainId)),
      rotateDkimKeyOperation.response,
      200,
    );
    expect(fresh).toMatchObject({
      key: { algorithm: "rsa", bits: 1024, status: "active" },
      previous: { id: staged.key.id, status: "retired" },
      overlapDays: 0,
    });
    const keys = await getDb().select().from(dkimKeys).where(eq(dkimKeys.domainId, domainId));
    expect(keys.filter((k) => k.status === "active").map((k) => k.id)).toEqual([fresh.key.id]);
  });

  it("answers 403 to a comms token on every mutation and writes nothing, but lets it read", async () => {
    const added = await onWire(
      await add(request("POST", infra.token, { domain: uniqueDomain("ro"), algorithm: "ed25519" }), noParams),
      addDomainOperation.response,
      201,
    );
    const v = await currentPolicyVersion();
    const attempts = [
      await add(request("POST", comms.token, { domain: uniqueDomain("comms"), algorithm: "ed25519" }), noParams),
      await generateKey(request("POST", comms.token, { algorithm: "ed25519" }), params(added.domain.id)),
      await rotateKey(request("POST", comms.token, { overlapDays: 0 }), params(added.domain.id)),
      await retireKey(request("POST", comms.token, { reason: "Comms retires a key" }), params(added.key.id)),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
    }
    expect(await currentPolicyVersion()).toBe(v);
    expect(await getDb().select().from(dkimKeys).where(eq(dkimKeys.domainId, added.domain.id))).toHaveLength(1);
    expect((await getOne(request("GET", comms.token), params(added.domain.id))).status).toBe(200);
  });

  it("answers 422 naming fields, 409 for duplicates, 404 for unknown ids, 400 for malformed JSON", async () => {
    const badDomain = await add(request("POST", infra.token, { domain: "not a domain!" }), noParams);
    expect(badDomain.status).toBe(422);
    expect(Object.keys((await errorOf(badDomain)).fieldErrors ?? {})).toEqual(["domain"]);
    const badKey = await add(
      request("POST", infra.token, {
        domain: uniqueDomain("weak"),
        algorithm: "rsa",
        bits: 512,
        selector: "-bad-",
        dmarcReportEmail: "nope",
      }),
      noParams,
    );
    expect(badKey.status).toBe(422);
    expect(Object.keys((await errorOf(badKey)).fieldErrors ?? {}).sort()).toEqual([
      "bits",
      "dmarcReportEmail",
      "selector",
    ]);

    const name = uniqueDomain("dup");
    const added = await onWire(
      await add(request("POST", infra.token, { domain: name, algorithm: "ed25519", selector: "one" }), noParams),
      addDomainOperation.response,
      201,
    );
    const duplicate = await add(
      request("POST", infra.token, { domain: name.toUpperCase(), algorithm: "ed25519" }),
      noParams,
    );
    expect(duplicate.status).toBe(409);
    expect(await errorOf(duplicate)).toMatchObject({
      code: "conflict",
      fieldErrors: { domain: ["Already registered"] },
    });
    const reused = await generateKey(
      request("POST", infra.token, { algorithm: "ed25519", selector: "one" }),
      params(added.domain.id),
    );
    expect(reused.status).toBe(409);
    expect(Object.keys((await errorOf(reused)).fieldErrors ?? {})).toEqual(["selector"]);
    const overlap = await rotateKey(request("POST", infra.token, { overlapDays: 365 }), params(added.domain.id));
    expect(overlap.status).toBe(422);
    expect(Object.keys((await errorOf(overlap)).fieldErrors ?? {})).toEqual(["overlapDays"]);
    const noReason = await retireKey(request("POST", infra.token, {}), params(added.key.id));
    expect(noReason.status).toBe(422);
    expect(Object.keys((await errorOf(noReason)).fieldErrors ?? {})).toEqual(["reason"]);

    for (const response of [
      await getOne(request("GET", infra.token), params(UNKNOWN_ID)),
      await generateKey(request("POST", infra.token, { algorithm: "ed25519" }), params(UNKNOWN_ID)),
      await rotateKey(request("POST", infra.token, {}), params(UNKNOWN_ID)),
      await rotateKey(request("POST", infra.token, { keyId: UNKNOWN_ID }), params(added.domain.id)),
      await retireKey(request("POST", infra.token, { reason: "Retire a ghost key" }), params(UNKNOWN_ID)),
    ]) {
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("not_found");
    }
    expect((await getOne(request("GET", infra.token), params("nope"))).status).toBe(422);
    const malformed = await add(request("POST", infra.token, "{domain:"), noParams);
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ code: "bad_request" });
    expect(malformed.headers.get("x-ratelimit-limit")).toBe("600");
    expect(await getDb().select().from(sendingDomains).where(eq(sendingDomains.domain, name))).toHaveLength(1);
  });

  it("never put a private key, sealed or opened, in any response above", async () => {
    const keys = await getDb().select().from(dkimKeys);
    expect(keys.length).toBeGreaterThan(3);
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join("\n");
    for (const key of keys) {
      expect(all).not.toContain(key.privateKeyEncrypted);
      const pem = openPrivateKey(key);
      const base64Body = pem
        .split("\n")
        .filter((line) => line && !line.startsWith("-----"))
        .join("");
      expect(all).not.toContain(base64Body.slice(0, 40));
    }
  });
});
