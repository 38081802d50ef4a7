// A policy snapshot that cannot be built (a DKIM private key sealed under another
// SWITCHYARD_SECRET) answers relays a 503 naming the cause, on both the Next route and the
// server's direct path, and raises one alert however many relays poll; fixed, it serves again.
import { createCipheriv, createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as poll } from "@/app/api/relay/v1/policy/route";
import { getDb } from "@/db/client";
import { alerts, dkimKeys } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { addDomain } from "@/lib/domains/add-domain";
import { waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { SNAPSHOT_ALERT_KEY } from "@/lib/policy/snapshot-unavailable";
import { registerRelay } from "@/lib/relays/register-relay";
import { DKIM_SEAL_PURPOSE } from "@/lib/server/crypto/seal";
import { servePolicyPoll } from "@/lib/server/http/serve-policy-poll";
import { makeActor } from "../support/actors";

let admin: Actor;
let token: string;
let server: http.Server;
let directUrl: string;

// The stored form lib/server/crypto/seal.ts writes, but under a key derived from a different secret:
// what a key looks like to a replica started with another SWITCHYARD_SECRET.
function sealUnderAnotherSecret(plaintext: string, context: string): string {
  const key = createHmac("sha256", "a-different-deployment-secret-0123456789")
    .update(`switchyard:${DKIM_SEAL_PURPOSE}`)
    .digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

const openAlerts = () =>
  getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.dedupeKey, SNAPSHOT_ALERT_KEY), isNull(alerts.resolvedAt)));
const pollRoute = () =>
  poll(new Request("http://localhost/api/relay/v1/policy", { headers: { authorization: `Bearer ${token}` } }));
const pollDirect = () => fetch(directUrl, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  admin = await makeActor("admin");
  token = (await registerRelay({ actor: admin, input: { name: "relay-fail-static" } })).token;
  server = http.createServer((req, res) => void servePolicyPoll(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  directUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/relay/v1/policy`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a policy snapshot that cannot be built", () => {
  it("answers 503 naming the key and the cause, raises one alert, and serves again once fixed", async () => {
    const { domain } = await addDomain({
      actor: admin,
      input: { domain: "unsealed.example.com", algorithm: "ed25519" },
    });
    expect((await pollRoute()).status).toBe(200);

    const [key] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.domainId, domain.id));
    const resealed = sealUnderAnotherSecret(
      "-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n",
      `dkim:${domain.id}:${key.selector}`,
    );
    const broken = await getDb().transaction(async (tx) => {
      await tx.update(dkimKeys).set({ privateKeyEncrypted: resealed }).where(eq(dkimKeys.id, key.id));
      return bumpPolicyVersion(tx, admin, "a key sealed under another secret");
    });
    await waitForPolicyVersionAbove(broken - 1, 5_000);

    for (const response of [await pollRoute(), await pollDirect(), await pollRoute()]) {
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("snapshot_unavailable");
      expect(body.error.message).toContain(`DKIM key ${key.selector} of unsealed.example.com cannot be decrypted`);
      expect(body.error.message).toContain("SWITCHYARD_SECRET");
    }
    const raised = await openAlerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: "policy_snapshot_unavailable", severity: "critical" });
    expect(raised[0].title).toContain(key.selector);

    // Fixed (the right key back): the next version is served and the alert is closed.
    const fixed = await getDb().transaction(async (tx) => {
      await tx.update(dkimKeys).set({ privateKeyEncrypted: key.privateKeyEncrypted }).where(eq(dkimKeys.id, key.id));
      return bumpPolicyVersion(tx, admin, "key restored");
    });
    await waitForPolicyVersionAbove(fixed - 1, 5_000);
    expect((await pollDirect()).status).toBe(200);
    expect(await openAlerts()).toHaveLength(0);
  });
});
