import { createPrivateKey } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, dkimKeys, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { activeSigningKeys } from "@/lib/domains/active-signing-keys";
import { addDomain } from "@/lib/domains/add-domain";
import { generateDkimKey } from "@/lib/domains/generate-dkim-key";
import { getDomain } from "@/lib/domains/get-domain";
import { listDomainOptions, listDomains } from "@/lib/domains/list-domains";
import { retireDkimKey, retireDueDkimKeys } from "@/lib/domains/retire-dkim-key";
import { rotateDkimKey } from "@/lib/domains/rotate-dkim-key";
import { AppError } from "@/lib/errors";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { setSetting } from "@/lib/settings/settings";
import {
  addDomainSchema,
  generateDkimKeySchema,
  retireDkimKeySchema,
  rotateDkimKeySchema,
} from "@/lib/validations/domains";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

let infra: Actor;
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  infra = await makeActor("infra");
});

// Raw input, as a form or an API client sends it, parsed at the edge the way every surface does.
const addRaw = (input: unknown) =>
  atEdge(addDomainSchema, input, (parsed) => addDomain({ actor: infra, input: parsed }));
const generateRaw = (input: unknown) =>
  atEdge(generateDkimKeySchema, input, (parsed) => generateDkimKey({ actor: infra, input: parsed }));
const rotateRaw = (input: unknown) =>
  atEdge(rotateDkimKeySchema, input, (parsed) => rotateDkimKey({ actor: infra, input: parsed }));
const retireRaw = (input: unknown) =>
  atEdge(retireDkimKeySchema, input, (parsed) => retireDkimKey({ actor: infra, input: parsed }));

async function auditFor(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

async function keyRows(domainId: string) {
  return getDb().select().from(dkimKeys).where(eq(dkimKeys.domainId, domainId)).orderBy(dkimKeys.createdAt);
}

// Runs a mutation and returns how much the policy version moved.
async function policyBumpOf(run: () => Promise<unknown>): Promise<number> {
  const before = await currentPolicyVersion();
  await run();
  return (await currentPolicyVersion()) - before;
}

describe("sending domains", () => {
  it("adds a Unicode domain as punycode with its first active RSA 2048 key, one policy bump, audited", async () => {
    const before = await currentPolicyVersion();
    const added = await addRaw({ domain: " Bücher.Example ", dmarcReportEmail: "" });
    expect(added.domain.domain).toBe("xn--bcher-kva.example");
    expect(added.domain.displayName).toBe("bücher.example");
    expect(added.key).toMatchObject({ algorithm: "rsa", bits: 2048, status: "active" });
    expect(added.key.selector).toMatch(/^sy\d{4}a$/);
    expect(added.key).not.toHaveProperty("privateKeyEncrypted");
    expect(added.policyVersion).toBe(before + 1);
    expect(await currentPolicyVersion()).toBe(before + 1);
    const [domainAudit] = await auditFor("domain.add", added.domain.id);
    expect(domainAudit).toMatchObject({ actorId: infra.id, targetType: "sending_domain" });
    expect(domainAudit.after).toMatchObject({ domain: "xn--bcher-kva.example", displayName: "bücher.example" });
    const [keyAudit] = await auditFor("dkim_key.generate", added.key.id);
    expect(keyAudit.after).toMatchObject({ selector: added.key.selector, algorithm: "rsa", bits: 2048 });
  });

  it("stores only the sealed private key: the PEM is not in the row, and it opens for the relay snapshot", async () => {
    const { domain, key } = await addRaw({ domain: "sealed.example.com", algorithm: "ed25519", selector: "edkey" });
    const [row] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, key.id));
    const signing = (await activeSigningKeys()).find((k) => k.domainId === domain.id);
    expect(signing).toMatchObject({
      domain: "sealed.example.com",
      selector: "edkey",
      algorithm: "ed25519",
      bits: null,
      keyId: key.id,
    });
    const pem = signing!.privateKeyPem;
    expect(createPrivateKey(pem).asymmetricKeyType).toBe("ed25519");
    const pemBody = pem.split("\n")[1];
    const rowText = JSON.stringify(row);
    expect(rowText).not.toContain("PRIVATE KEY");
    expect(rowText).not.toContain(pemBody);
    expect(row.privateKeyEncrypted.split(".")).toHaveLength(3);
    // Audit entries carry no key material either.
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.targetId, key.id));
    expect(JSON.stringify(entries)).not.toContain(pemBody);
    expect(JSON.stringify(entries)).not.toContain(row.privateKeyEncrypted);
  });

  it("a sealed key copied to another row does not open", async () => {
    const a = await addRaw({ domain: "copy-a.example.com" });
    const b = await addRaw({ domain: "copy-b.example.com" });
    const [rowA] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, a.key.id));
    const [rowB] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, b.key.id));
    await getDb()
      .update(dkimKeys)
      .set({ privateKeyEncrypted: rowA.privateKeyEncrypted })
      .where(eq(dkimKeys.id, b.key.id));
    await expect(activeSigningKeys()).rejects.toThrow(/copy-b\.example\.com cannot be decrypted/);
    await getDb()
      .update(dkimKeys)
      .set({ privateKeyEncrypted: rowB.privateKeyEncrypted })
      .where(eq(dkimKeys.id, b.key.id));
    expect((await activeSigningKeys()).some((k) => k.domainId === b.domain.id)).toBe(true);
  });

  it("refuses duplicates (also in another spelling) with a conflict naming domain, and writes nothing", async () => {
    await addRaw({ domain: "dup.example.com" });
    const domainsBefore = (await getDb().select().from(sendingDomains)).length;
    const keysBefore = (await getDb().select().from(dkimKeys)).length;
    const version = await currentPolicyVersion();
    for (const spelling of ["DUP.example.com", "dup.example.com."]) {
      const error = await addRaw({ domain: spelling }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe("conflict");
      expect(Object.keys(error.fieldErrors)).toEqual(["domain"]);
      expect(error.message).toMatch(/dup\.example\.com is already registered/);
    }
    const unicode = await addRaw({ domain: "bücher.example" }).catch((e) => e);
    expect(unicode.code).toBe("conflict");
    expect((await getDb().select().from(sendingDomains)).length).toBe(domainsBefore);
    expect((await getDb().select().from(dkimKeys)).length).toBe(keysBefore);
    expect(await currentPolicyVersion()).toBe(version);
  });

  it("two concurrent adds of one domain: one wins, the other gets the same conflict", async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map(() => addRaw({ domain: "race.example.com", algorithm: "ed25519" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: "conflict",
        fieldErrors: { domain: ["Already registered"] },
      });
    const [row] = await getDb().select().from(sendingDomains).where(eq(sendingDomains.domain, "race.example.com"));
    expect(await keyRows(row.id)).toHaveLength(1);
  });

  it("answers bad input with validation_failed naming the field, and writes nothing", async () => {
    const version = await currentPolicyVersion();
    for (const domain of ["not a domain", "localhost", "-x.example.com", "", "http://example.com"]) {
      const error = await addRaw({ domain }).catch((e) => e);
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.fieldErrors)).toEqual(["domain"]);
    }
    const weak = await addRaw({ domain: "weak.example.com", bits: 512 }).catch((e) => e);
    expect(weak.code).toBe("validation_failed");
    expect(weak.fieldErrors.bits[0]).toMatch(/under 1024 bits are refused/);
    expect(
      (await getDb().select().from(sendingDomains).where(eq(sendingDomains.domain, "weak.example.com"))).length,
    ).toBe(0);
    expect(await currentPolicyVersion()).toBe(version);
  });

  it("refuses a selector already used on the domain (retired ones included), rolling back the whole operation", async () => {
    const { domain, key } = await addRaw({ domain: "selectors.example.com", selector: "one" });
    const version = await currentPolicyVersion();
    const error = await generateRaw({ domainId: domain.id, selector: "ONE" }).catch((e) => e);
    expect(error.code).toBe("conflict");
    expect(Object.keys(error.fieldErrors)).toEqual(["selector"]);
    expect((await keyRows(domain.id)).map((k) => k.id)).toEqual([key.id]);
    expect(await currentPolicyVersion()).toBe(version);
  });
});

describe("DKIM key lifecycle", () => {
  it("generates a staged key while one is active; rotation activates it; each mutation bumps the policy once", async () => {
    const { domain, key: first } = await addRaw({ domain: "staged.example.com" });
    let staged!: Awaited<ReturnType<typeof generateDkimKey>>;
    expect(
      await policyBumpOf(async () => {
        staged = await generateRaw({ domainId: domain.id, algorithm: "rsa", bits: "3072", selector: "next" });
      }),
    ).toBe(1);
    expect(staged.activated).toBe(false);
    expect(staged.key).toMatchObject({ selector: "next", bits: 3072, status: "published", retireAfter: null });
    const detail = await getDomain({ id: domain.id });
    expect(detail.dns.records.filter((r) => r.purpose === "dkim").map((r) => r.selector)).toEqual([
      "next",
      first.selector,
    ]);
    expect((await activeSigningKeys()).find((k) => k.domainId === domain.id)?.selector).toBe(first.selector);

    expect(await policyBumpOf(() => rotateRaw({ domainId: domain.id, keyId: staged.key.id, overlapDays: "2" }))).toBe(
      1,
    );
    const rows = await keyRows(domain.id);
    expect(rows.map((k) => [k.selector, k.status])).toEqual([
      [first.selector, "published"],
      ["next", "active"],
    ]);
    expect((await activeSigningKeys()).find((k) => k.domainId === domain.id)?.selector).toBe("next");
    // Activating it again is refused: it is no longer staged.
    const again = await rotateRaw({ domainId: domain.id, keyId: staged.key.id }).catch((e) => e);
    expect(again.code).toBe("conflict");
  });

  it("rotates: new key active, old one published for the overlap, then retired (lazily, by the system), audited", async () => {
    const { domain, key: old } = await addRaw({ domain: "rotate.example.com" });
    const started = Date.now();
    let rotated!: Awaited<ReturnType<typeof rotateDkimKey>>;
    expect(
      await policyBumpOf(async () => {
        rotated = await rotateRaw({ domainId: domain.id, algorithm: "ed25519", overlapDays: 3 });
      }),
    ).toBe(1);
    expect(rotated.key).toMatchObject({ status: "active", algorithm: "ed25519" });
    expect(rotated.key.selector).not.toBe(old.selector);
    expect(rotated.previous).toMatchObject({ id: old.id, status: "published" });
    const retireAfter = rotated.previous!.retireAfter!.getTime();
    expect(retireAfter).toBeGreaterThanOrEqual(started + 3 * DAY_MS - 1000);
    expect(retireAfter).toBeLessThanOrEqual(Date.now() + 3 * DAY_MS + 1000);
    const [rotateAudit] = await auditFor("dkim_key.rotate", domain.id);
    expect(rotateAudit.before).toEqual({ activeSelector: old.selector });
    expect(rotateAudit.after).toMatchObject({ activeSelector: rotated.key.selector, overlapDays: 3 });

    // During the overlap both selectors are published; listing retires nothing yet.
    await listDomains();
    expect((await getDomain({ id: domain.id })).dns.records.filter((r) => r.purpose === "dkim")).toHaveLength(2);
    // (Other tests' keys with shorter overlaps may retire here: retirement is global.)
    expect((await retireDueDkimKeys({ now: new Date(retireAfter - 1000) })).map((k) => k.id)).not.toContain(old.id);
    expect((await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, old.id)))[0].status).toBe("published");

    // After the overlap: retired, audited as the system, one policy bump.
    let retired: Awaited<ReturnType<typeof retireDueDkimKeys>> = [];
    expect(
      await policyBumpOf(async () => {
        retired = await retireDueDkimKeys({ now: new Date(retireAfter + 1000) });
      }),
    ).toBe(1);
    expect(retired.map((k) => k.id)).toContain(old.id);
    const [row] = await getDb().select().from(dkimKeys).where(eq(dkimKeys.id, old.id));
    expect(row.status).toBe("retired");
    expect(row.retiredAt).not.toBeNull();
    const [retireAudit] = await auditFor("dkim_key.retire", old.id);
    expect(retireAudit).toMatchObject({ actorId: null, actorLabel: "system", reason: "Rotation overlap ended" });
    expect(
      (await getDomain({ id: domain.id })).dns.records.filter((r) => r.purpose === "dkim").map((r) => r.selector),
    ).toEqual([rotated.key.selector]);
    // Nothing left to do: no further bump.
    expect(await policyBumpOf(() => retireDueDkimKeys({ now: new Date(retireAfter + 2000) }))).toBe(0);
  });

  it("uses the dkim.defaultOverlapDays setting when no overlap is given; 0 days retires at once", async () => {
    const admin = await makeActor("admin");
    await setSetting({ actor: admin, key: "dkim.defaultOverlapDays", value: 10 });
    const { domain, key: first } = await addRaw({ domain: "overlap.example.com" });
    const { previous, overlapDays } = await rotateRaw({ domainId: domain.id, overlapDays: "" });
    expect(overlapDays).toBe(10);
    expect(previous!.retireAfter!.getTime() - Date.now()).toBeGreaterThan(9.9 * DAY_MS);
    const second = await rotateRaw({ domainId: domain.id, overlapDays: 0 });
    expect(second.previous).toMatchObject({ status: "retired" });
    const statuses = (await keyRows(domain.id)).map((k) => [k.id === first.id ? "first" : k.selector, k.status]);
    expect(statuses.filter(([, s]) => s === "active")).toHaveLength(1);
    expect(statuses.filter(([, s]) => s === "retired")).toHaveLength(1);
  });

  it("retires a published key on request with a reason; refuses the active key and a second retirement", async () => {
    const { domain, key: first } = await addRaw({ domain: "retire.example.com" });
    const active = await retireRaw({ keyId: first.id, reason: "compromised" }).catch((e) => e);
    expect(active.code).toBe("conflict");
    expect(active.message).toMatch(/active signing key.*rotate/);
    const noReason = await retireRaw({ keyId: first.id, reason: "" }).catch((e) => e);
    expect(Object.keys(noReason.fieldErrors)).toEqual(["reason"]);
    await rotateRaw({ domainId: domain.id, overlapDays: 7 });
    expect(await policyBumpOf(() => retireRaw({ keyId: first.id, reason: "DNS already updated" }))).toBe(1);
    const [entry] = await auditFor("dkim_key.retire", first.id);
    expect(entry).toMatchObject({ actorId: infra.id, reason: "DNS already updated", after: { status: "retired" } });
    const twice = await retireRaw({ keyId: first.id, reason: "again" }).catch((e) => e);
    expect(twice.code).toBe("conflict");
    const missing = await retireRaw({ keyId: "00000000-0000-4000-8000-000000000000", reason: "gone" }).catch((e) => e);
    expect(missing.code).toBe("not_found");
  });

  it("answers unknown domains with not_found before generating anything", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(generateRaw({ domainId: unknown })).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateRaw({ domainId: unknown })).rejects.toMatchObject({ code: "not_found" });
    await expect(getDomain({ id: "not-a-uuid" })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("reading domains", () => {
  it("lists domains with active selector and key count, options for pickers, and DNS records from settings", async () => {
    const admin = await makeActor("admin");
    await setSetting({ actor: admin, key: "relay.egressAddresses", value: ["203.0.113.25", "2001:db8::25"] });
    const { domain, key } = await addRaw({ domain: "list.example.com", dmarcReportEmail: "dmarc@list.example.com" });
    const item = (await listDomains()).find((d) => d.id === domain.id);
    expect(item).toMatchObject({
      domain: "list.example.com",
      displayName: "list.example.com",
      status: "active",
      activeSelector: key.selector,
      keyCount: 1,
    });
    const options = await listDomainOptions();
    expect(options.find((o) => o.id === domain.id)).toEqual({
      id: domain.id,
      domain: "list.example.com",
      displayName: "list.example.com",
    });
    const detail = await getDomain({ id: domain.id });
    expect(detail.keys[0]).not.toHaveProperty("privateKeyEncrypted");
    const byPurpose = Object.fromEntries(detail.dns.records.map((r) => [r.purpose, r]));
    expect(byPurpose.spf.value).toBe("v=spf1 ip4:203.0.113.25 ip6:2001:db8::25 -all");
    expect(byPurpose.dmarc).toMatchObject({
      name: "_dmarc.list.example.com",
      value: "v=DMARC1; p=quarantine; rua=mailto:dmarc@list.example.com; adkim=s; aspf=s",
    });
    expect(byPurpose.dkim.value).toBe(`v=DKIM1; k=rsa; p=${key.publicKey}`);
    expect(detail.reportEmailIsDefault).toBe(false);
    const other = await addRaw({ domain: "default-report.example.org" });
    const otherDetail = await getDomain({ id: other.domain.id });
    expect(otherDetail.reportEmail).toBe("dmarc-reports@example.com");
    expect(otherDetail.dns.records.map((r) => r.purpose)).toContain("dmarc-report-authorization");
  });
});
