import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, type SenderStatus, senders, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { activeCredentialsForPolicy } from "@/lib/credentials/active-credentials-for-policy";
import { HOUR_MS } from "@/lib/credentials/credential-rules";
import { expireDueCredentials } from "@/lib/credentials/expire-due-credentials";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { recordCredentialUse } from "@/lib/credentials/record-credential-use";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { rotateCredential } from "@/lib/credentials/rotate-credential";
import { AppError } from "@/lib/errors";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { isWellFormedToken, tokenVerifier } from "@/lib/server/secrets/token-format";
import {
  issueCredentialSchema,
  recordCredentialUseSchema,
  revokeCredentialSchema,
  rotateCredentialSchema,
} from "@/lib/validations/credentials";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

let infra: Actor;
let security: Actor;
let senderCount = 0;
// Every secret and verifier seen in this file: none may show up in the audit log or any column.
const secrets: string[] = [];

beforeAll(async () => {
  infra = await makeActor("infra");
  security = await makeActor("security");
});

async function makeSender(status: SenderStatus, allowedCidrs: string[] = []) {
  senderCount++;
  const [sender] = await getDb()
    .insert(senders)
    .values({
      name: `Sender ${senderCount} ${status}`,
      slug: `sender-${senderCount}-${status}`,
      kind: "internal_cloud",
      ownerTeam: "Payments",
      contactEmail: "payments@example.com",
      purpose: "Receipts",
      allowedCidrs,
      rateLimitPerMinute: 60,
      rateLimitPerDay: 10_000,
      reviewDate: "2027-01-01",
      status,
    })
    .returning();
  return sender;
}

const issueRaw = (input: unknown) =>
  atEdge(issueCredentialSchema, input, (parsed) => issueCredential({ actor: infra, input: parsed }));
const rotateRaw = (input: unknown) =>
  atEdge(rotateCredentialSchema, input, (parsed) => rotateCredential({ actor: infra, input: parsed }));
const revokeRaw = (input: unknown) =>
  atEdge(revokeCredentialSchema, input, (parsed) => revokeCredential({ actor: security, input: parsed }));
// A use as ingestEvents derives it from a relay's events, parsed the way it parses it.
const useRaw = (input: unknown) => atEdge(recordCredentialUseSchema, input, (parsed) => recordCredentialUse(parsed));

async function issue(senderId: string, extra: Record<string, unknown> = {}) {
  const issued = await issueRaw({ senderId, ...extra });
  secrets.push(issued.secret);
  return issued;
}

async function auditFor(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

async function credentialRows(senderId: string) {
  return getDb().select().from(smtpCredentials).where(eq(smtpCredentials.senderId, senderId));
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("issuing a credential", () => {
  it("issues for an active sender: secret once, verifier stored, policy bumped, audited", async () => {
    const sender = await makeSender("active");
    const before = await currentPolicyVersion();
    const startedAt = Date.now();
    const { credential, secret, policyVersion } = await issue(sender.id);

    expect(isWellFormedToken("smtp", secret)).toBe(true);
    expect(credential.username).toMatch(new RegExp(`^${sender.slug}-[a-z2-7]{6}$`));
    expect(credential).not.toHaveProperty("verifier");
    expect(credential.secretPrefix).toBe("sysmtp_");
    expect(credential.secretLast4).toBe(secret.slice(-4));
    expect(credential.createdBy).toBe(infra.id);
    // Default expiry: the setting credentials.defaultExpiryDays (90).
    const days = (credential.expiresAt!.getTime() - startedAt) / (24 * HOUR_MS);
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThan(90.01);

    const [row] = await credentialRows(sender.id);
    expect(row.verifier).toBe(tokenVerifier(secret));
    expect(Object.values(row).map(String).join("|")).not.toContain(secret.slice(7));

    expect(policyVersion).toBe(before + 1);
    expect(await currentPolicyVersion()).toBe(before + 1);
    const [entry] = await auditFor("credential.issue", credential.id);
    expect(entry.actorId).toBe(infra.id);
    expect(entry.after).toMatchObject({ username: credential.username, senderId: sender.id, policyVersion });
    const text = JSON.stringify(entry);
    expect(text).not.toContain(secret.slice(7));
    expect(text).not.toContain(row.verifier);

    const listed = await listCredentials({ senderId: sender.id });
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("verifier");
    expect(listed[0]).toMatchObject({
      username: credential.username,
      createdByEmail: infra.label,
      displayStatus: "active",
    });
  });

  it.each(["requested", "suspended", "retired"] as const)(
    "refuses a %s sender with a clear conflict, writing nothing",
    async (status) => {
      const sender = await makeSender(status);
      const before = await currentPolicyVersion();
      const error = await failure(issueRaw({ senderId: sender.id }));
      expect(error.code).toBe("conflict");
      expect(error.status).toBe(409);
      expect(error.message).toContain(`is ${status}`);
      expect(error.message).toContain(sender.name);
      expect(await credentialRows(sender.id)).toHaveLength(0);
      expect(await currentPolicyVersion()).toBe(before);
    },
  );

  it("answers unknown and malformed sender ids", async () => {
    expect((await failure(issueRaw({ senderId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("not_found");
    const bad = await failure(issueRaw({ senderId: "x" }));
    expect(bad.code).toBe("validation_failed");
    expect(Object.keys(bad.fieldErrors!)).toEqual(["senderId"]);
  });

  it("honours a requested expiry and refuses one above credentials.maxExpiryDays, naming expiresInDays", async () => {
    const sender = await makeSender("active");
    const { credential } = await issue(sender.id, { expiresInDays: "7" });
    expect(Math.round((credential.expiresAt!.getTime() - Date.now()) / (24 * HOUR_MS))).toBe(7);
    const before = await currentPolicyVersion();
    const error = await failure(issueRaw({ senderId: sender.id, expiresInDays: 366 }));
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fieldErrors!)).toEqual(["expiresInDays"]);
    expect(await credentialRows(sender.id)).toHaveLength(1);
    expect(await currentPolicyVersion()).toBe(before);
  });

  it("accepts CIDRs within the sender's and refuses others, naming allowedCidrs", async () => {
    const sender = await makeSender("active", ["10.20.0.0/16", "2001:db8::/32"]);
    const { credential } = await issue(sender.id, { allowedCidrs: "10.20.5.0/24, 2001:db8:7::/48" });
    expect(credential.allowedCidrs).toEqual(["10.20.5.0/24", "2001:db8:7::/48"]);
    const error = await failure(issueRaw({ senderId: sender.id, allowedCidrs: ["10.20.5.0/24", "10.30.0.0/24"] }));
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fieldErrors!)).toEqual(["allowedCidrs"]);
    expect(error.message).toContain("10.30.0.0/24");
    expect(await credentialRows(sender.id)).toHaveLength(1);
  });

  it("refuses a third active credential, and allows one again after a revoke", async () => {
    const sender = await makeSender("active");
    const first = await issue(sender.id);
    await issue(sender.id);
    const before = await currentPolicyVersion();
    const error = await failure(issueRaw({ senderId: sender.id }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already has 2 active credentials/);
    expect(await credentialRows(sender.id)).toHaveLength(2);
    expect(await currentPolicyVersion()).toBe(before);
    await revokeRaw({ credentialId: first.credential.id, reason: "leaked in a ticket" });
    await issue(sender.id);
    expect((await credentialRows(sender.id)).filter((r) => r.status === "active")).toHaveLength(2);
  });

  it("cannot exceed two active credentials under concurrent issues", async () => {
    const sender = await makeSender("active");
    const before = await currentPolicyVersion();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => issueRaw({ senderId: sender.id })));
    const ok = results.filter(
      (r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof issueCredential>>> => r.status === "fulfilled",
    );
    for (const r of ok) secrets.push(r.value.secret);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(2);
    expect(refused.map((r) => (r.reason as AppError).code)).toEqual(["conflict", "conflict", "conflict", "conflict"]);
    expect(await credentialRows(sender.id)).toHaveLength(2);
    expect(await currentPolicyVersion()).toBe(before + 2);
  });
});

describe("rotating a credential", () => {
  it("keeps the old one valid until the overlap ends, then expire-due marks it expired", async () => {
    const sender = await makeSender("active");
    const old = await issue(sender.id);
    const before = await currentPolicyVersion();
    const rotatedAt = Date.now();
    const rotated = await rotateRaw({ credentialId: old.credential.id, overlapHours: "24" });
    secrets.push(rotated.secret);

    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.credential.rotatedFromId).toBe(old.credential.id);
    expect(rotated.previous.status).toBe("active");
    const overlapMs = rotated.previous.expiresAt!.getTime() - rotatedAt;
    expect(Math.abs(overlapMs - 24 * HOUR_MS)).toBeLessThan(60_000);
    expect(rotated.policyVersion).toBe(before + 1);
    expect(await currentPolicyVersion()).toBe(before + 1);
    const [rotateEntry] = await auditFor("credential.rotate", old.credential.id);
    expect(rotateEntry.after).toMatchObject({ overlapHours: 24, successorId: rotated.credential.id });
    expect(await auditFor("credential.issue", rotated.credential.id)).toHaveLength(1);

    // During the overlap both credentials are in the relays' snapshot.
    const during = new Date(rotatedAt + 23 * HOUR_MS);
    const snapshotDuring = (await activeCredentialsForPolicy({ now: during })).filter((c) => c.senderId === sender.id);
    expect(snapshotDuring.map((c) => c.username).sort()).toEqual(
      [old.credential.username, rotated.credential.username].sort(),
    );
    expect(snapshotDuring.find((c) => c.username === old.credential.username)!.verifier).toBe(
      tokenVerifier(old.secret),
    );
    expect((await expireDueCredentials({ now: during, senderId: sender.id })).expired).toEqual([]);
    expect(await currentPolicyVersion()).toBe(before + 1);

    // After it, expire-due marks the old one expired, as the system, with one policy bump.
    const after = new Date(rotatedAt + 25 * HOUR_MS);
    const expired = await expireDueCredentials({ now: after, senderId: sender.id });
    expect(expired.expired).toEqual([old.credential.id]);
    expect(expired.policyVersion).toBe(before + 2);
    const rows = await credentialRows(sender.id);
    expect(rows.find((r) => r.id === old.credential.id)!.status).toBe("expired");
    expect(rows.find((r) => r.id === rotated.credential.id)!.status).toBe("active");
    const [expireEntry] = await auditFor("credential.expire", old.credential.id);
    expect(expireEntry.actorLabel).toBe("system");
    expect(expireEntry.actorId).toBeNull();
    const snapshotAfter = (await activeCredentialsForPolicy({ now: after })).filter((c) => c.senderId === sender.id);
    expect(snapshotAfter.map((c) => c.username)).toEqual([rotated.credential.username]);
    // Running it again finds nothing and bumps nothing.
    expect((await expireDueCredentials({ now: after })).expired).toEqual([]);
    expect(await currentPolicyVersion()).toBe(before + 2);
  });

  it("uses the default overlap setting and never lengthens a credential's life", async () => {
    const sender = await makeSender("active");
    const old = await issue(sender.id, { expiresInDays: 1 });
    const rotatedAt = Date.now();
    const rotated = await rotateRaw({ credentialId: old.credential.id });
    secrets.push(rotated.secret);
    // credentials.defaultOverlapHours is 72, but the old credential ends within 24 hours anyway.
    expect(rotated.previous.expiresAt!.getTime()).toBe(old.credential.expiresAt!.getTime());
    expect(rotated.previous.expiresAt!.getTime() - rotatedAt).toBeLessThan(24 * HOUR_MS + 1000);
  });

  it("refuses a rotation that would leave three active, unless the overlap is zero", async () => {
    const sender = await makeSender("active", ["192.0.2.0/24"]);
    const a = await issue(sender.id, { allowedCidrs: ["192.0.2.16/28"] });
    await issue(sender.id);
    const before = await currentPolicyVersion();
    const error = await failure(rotateRaw({ credentialId: a.credential.id, overlapHours: 24 }));
    expect(error.code).toBe("conflict");
    expect(await credentialRows(sender.id)).toHaveLength(2);
    expect((await credentialRows(sender.id)).find((r) => r.id === a.credential.id)!.expiresAt).toEqual(
      a.credential.expiresAt,
    );
    expect(await currentPolicyVersion()).toBe(before);

    const rotated = await rotateRaw({ credentialId: a.credential.id, overlapHours: 0 });
    secrets.push(rotated.secret);
    expect(rotated.previous.status).toBe("expired");
    // The successor keeps the old credential's CIDRs.
    expect(rotated.credential.allowedCidrs).toEqual(["192.0.2.16/28"]);
    expect((await credentialRows(sender.id)).filter((r) => r.status === "active")).toHaveLength(2);
  });

  it("refuses to rotate a revoked credential or one of a suspended sender", async () => {
    const sender = await makeSender("active");
    const a = await issue(sender.id);
    const b = await issue(sender.id);
    await revokeCredential({ actor: infra, input: { credentialId: a.credential.id, reason: "no longer needed" } });
    const revoked = await failure(rotateRaw({ credentialId: a.credential.id }));
    expect(revoked.code).toBe("conflict");
    expect(revoked.message).toContain("revoked");
    await getDb().update(senders).set({ status: "suspended" }).where(eq(senders.id, sender.id));
    const suspended = await failure(rotateRaw({ credentialId: b.credential.id }));
    expect(suspended.code).toBe("conflict");
    expect(suspended.message).toContain("suspended");
    // A suspended sender's credentials are out of the relays' snapshot, though still active.
    expect((await activeCredentialsForPolicy()).some((c) => c.senderId === sender.id)).toBe(false);
  });
});

describe("revoking a credential", () => {
  it("needs a reason, ends it at once, bumps the policy and is audited with the reason", async () => {
    const sender = await makeSender("active");
    const { credential } = await issue(sender.id);
    const noReason = await failure(revokeRaw({ credentialId: credential.id, reason: "" }));
    expect(noReason.code).toBe("validation_failed");
    expect(Object.keys(noReason.fieldErrors!)).toEqual(["reason"]);
    expect((await credentialRows(sender.id))[0].status).toBe("active");

    const before = await currentPolicyVersion();
    const revoked = await revokeRaw({ credentialId: credential.id, reason: "found in a public repository" });
    expect(revoked.credential).toMatchObject({
      status: "revoked",
      revokedBy: security.id,
      revokeReason: "found in a public repository",
    });
    expect(revoked.credential.revokedAt).toBeInstanceOf(Date);
    expect(revoked.credential).not.toHaveProperty("verifier");
    expect(revoked.policyVersion).toBe(before + 1);
    const [entry] = await auditFor("credential.revoke", credential.id);
    expect(entry).toMatchObject({ actorId: security.id, reason: "found in a public repository" });
    expect((await activeCredentialsForPolicy()).some((c) => c.username === credential.username)).toBe(false);

    const again = await failure(revokeRaw({ credentialId: credential.id, reason: "again" }));
    expect(again.code).toBe("conflict");
    expect(await currentPolicyVersion()).toBe(before + 1);
    const listed = await listCredentials({ senderId: sender.id });
    expect(listed[0].displayStatus).toBe("revoked");
  });
});

describe("usage reported by relays", () => {
  it("moves last used forward only", async () => {
    const sender = await makeSender("active");
    const { credential } = await issue(sender.id);
    const t1 = new Date(Date.now() - 60_000);
    const t0 = new Date(Date.now() - 120_000);
    expect(await useRaw({ username: credential.username, at: t1.toISOString(), from: "198.51.100.4" })).toBe(true);
    expect(await useRaw({ username: credential.username, at: t0, from: "198.51.100.9" })).toBe(false);
    expect(await useRaw({ username: "nobody-aaaaaa", at: t1, from: "198.51.100.4" })).toBe(false);
    const [row] = await credentialRows(sender.id);
    expect(row.lastUsedAt!.getTime()).toBe(t1.getTime());
    expect(row.lastUsedFrom).toBe("198.51.100.4");
    await expect(useRaw({ username: credential.username, at: t1, from: "nope" })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});

describe("secrets at rest", () => {
  it("appear in no audit entry and in no column of any table; verifiers appear in no audit entry", async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const entries = await getDb().select().from(auditLog).where(like(auditLog.action, "credential.%"));
    expect(entries.length).toBeGreaterThan(10);
    const auditText = JSON.stringify(entries);
    const verifiers = (await getDb().select({ verifier: smtpCredentials.verifier }).from(smtpCredentials)).map(
      (r) => r.verifier,
    );
    for (const secret of secrets) expect(verifiers).toContain(tokenVerifier(secret));
    for (const verifier of verifiers) expect(auditText).not.toContain(verifier);

    const tables = await getDb().execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const tableNames = ("rows" in tables ? tables.rows : (tables as unknown as { table_name: string }[])).map(
      (t) => t.table_name,
    );
    expect(tableNames).toContain("smtp_credentials");
    for (const table of tableNames) {
      const dump = await getDb().execute<{ row: string }>(sql`select t::text as row from ${sql.identifier(table)} t`);
      const text = ("rows" in dump ? dump.rows : (dump as unknown as { row: string }[])).map((r) => r.row).join("\n");
      // The random body (after the prefix) is what must never be stored; last4 alone is allowed.
      for (const secret of secrets) expect(text, `table ${table}`).not.toContain(secret.slice(7, -4));
    }
  });
});
