import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDkimKeyPair, resolveKeySpec } from "@/lib/domains/dkim-keypair";
import { assertSelectorUsable, defaultSelector } from "@/lib/domains/dkim-selector";
import {
  dkimRecord,
  dmarcRecord,
  dmarcReportAuthorizationRecord,
  domainDnsRecords,
  spfRecord,
  splitTxtValue,
  zoneTxt,
} from "@/lib/domains/dns-records";
import { AppError } from "@/lib/errors";
import { open, SealError, seal } from "@/lib/server/crypto/seal";
import { addDomainSchema, rotateDkimKeySchema } from "@/lib/validations/domains";

beforeAll(() => {
  process.env.SWITCHYARD_SECRET ??= "unit-test-secret-0123456789abcdef0123";
});

// Rebuilds a public key from a DKIM p= value, as a verifier would.
function publicKeyFromDns(algorithm: "rsa" | "ed25519", p: string) {
  const der = Buffer.from(p, "base64");
  if (algorithm === "rsa") return createPublicKey({ key: der, format: "der", type: "spki" });
  const ed25519SpkiPrefix = Buffer.from("302a300506032b6570032100", "hex");
  return createPublicKey({ key: Buffer.concat([ed25519SpkiPrefix, der]), format: "der", type: "spki" });
}

describe("DKIM key generation", () => {
  it("generates RSA 2048 by default: p= is the SPKI of the private key's public half", async () => {
    const pair = await generateDkimKeyPair({ algorithm: "rsa" });
    expect(pair.bits).toBe(2048);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = createPrivateKey(pair.privateKeyPem);
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const publicKey = publicKeyFromDns("rsa", pair.publicKey);
    const signature = sign("sha256", Buffer.from("header hash"), privateKey);
    expect(verify("sha256", Buffer.from("header hash"), publicKey, signature)).toBe(true);
  });

  it("generates RSA of a chosen size", async () => {
    const pair = await generateDkimKeyPair({ algorithm: "rsa", bits: 1024 });
    expect(createPrivateKey(pair.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(1024);
  });

  it("generates Ed25519 with the raw 32-byte public key as p= (RFC 8463)", async () => {
    const pair = await generateDkimKeyPair({ algorithm: "ed25519", bits: 4096 });
    expect(pair.bits).toBeNull();
    expect(Buffer.from(pair.publicKey, "base64")).toHaveLength(32);
    const privateKey = createPrivateKey(pair.privateKeyPem);
    expect(privateKey.asymmetricKeyType).toBe("ed25519");
    const signature = sign(null, Buffer.from("x"), privateKey);
    expect(verify(null, Buffer.from("x"), publicKeyFromDns("ed25519", pair.publicKey), signature)).toBe(true);
  });

  it.each([512, 768, 1023])("refuses RSA keys of %i bits, naming the field", async (bits) => {
    const error = await generateDkimKeyPair({ algorithm: "rsa", bits }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("validation_failed");
    expect(error.fieldErrors.bits[0]).toMatch(/under 1024 bits are refused/);
  });

  it("refuses sizes outside the offered choices", () => {
    expect(() => resolveKeySpec({ algorithm: "rsa", bits: 1500 })).toThrow(/one of 1024, 2048, 3072, 4096/);
  });
});

describe("validation", () => {
  it("parses an add-domain form: punycode, defaults, empty fields", () => {
    const parsed = addDomainSchema.parse({
      domain: " Bücher.Example. ",
      dmarcReportEmail: "",
      algorithm: "",
      bits: "",
      selector: "",
    });
    expect(parsed).toEqual({
      domain: "xn--bcher-kva.example",
      dmarcReportEmail: undefined,
      algorithm: "rsa",
      bits: undefined,
      selector: undefined,
    });
    expect(addDomainSchema.parse({ domain: "example.com", bits: "3072", selector: "Sel-1" })).toMatchObject({
      bits: 3072,
      selector: "sel-1",
    });
  });

  it("names the failing field", () => {
    const fields = (input: unknown) => {
      const result = addDomainSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    };
    expect(fields({ domain: "not a domain" })).toEqual(["domain"]);
    expect(fields({ domain: "" })).toEqual(["domain"]);
    expect(fields({})).toEqual(["domain"]);
    expect(fields({ domain: "example.com", bits: "512" })).toEqual(["bits"]);
    expect(fields({ domain: "example.com", algorithm: "dsa" })).toEqual(["algorithm"]);
    expect(fields({ domain: "example.com", selector: "-bad" })).toEqual(["selector"]);
    expect(fields({ domain: "example.com", selector: "a.b" })).toEqual(["selector"]);
    expect(fields({ domain: "example.com", dmarcReportEmail: "nope" })).toEqual(["dmarcReportEmail"]);
    const rotate = rotateDkimKeySchema.safeParse({
      domainId: "00000000-0000-4000-8000-000000000000",
      overlapDays: "91",
    });
    expect(rotate.success ? [] : rotate.error.issues.map((i) => i.path.join("."))).toEqual(["overlapDays"]);
  });
});

describe("selectors", () => {
  it("defaults to the first unused date-based name", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(defaultSelector(now, new Set())).toBe("sy2026a");
    expect(defaultSelector(now, new Set(["sy2026a", "sy2026b"]))).toBe("sy2026c");
    const all = new Set(Array.from({ length: 26 }, (_, i) => `sy2026${String.fromCharCode(97 + i)}`));
    expect(defaultSelector(now, all)).toBe("sy2026aa");
  });

  it("refuses a selector already used on the domain, and one too long for DNS", () => {
    expect(() => assertSelectorUsable("sy2026a", "example.com", new Set(["sy2026a"]))).toThrow(/already used/);
    const longDomain = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(50)}.com`;
    expect(() => assertSelectorUsable("s".repeat(20), longDomain, new Set())).toThrow(/too long/);
  });
});

describe("sealing private keys (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = seal("-----BEGIN PRIVATE KEY-----\nsecret\n");
    const b = seal("-----BEGIN PRIVATE KEY-----\nsecret\n");
    expect(a).not.toBe(b);
    expect(a.split(".")).toHaveLength(3);
    expect(Buffer.from(a.split(".")[0], "base64url")).toHaveLength(12);
    expect(a).not.toContain("secret");
    expect(open(a)).toBe("-----BEGIN PRIVATE KEY-----\nsecret\n");
  });

  it("detects tampering with the ciphertext, the tag or the IV", () => {
    const sealed = seal("private key material");
    const [iv, tag, ciphertext] = sealed.split(".");
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] ^= 1;
      return bytes.toString("base64url");
    };
    for (const altered of [
      `${iv}.${tag}.${flip(ciphertext)}`,
      `${iv}.${flip(tag)}.${ciphertext}`,
      `${flip(iv)}.${tag}.${ciphertext}`,
    ]) {
      expect(() => open(altered)).toThrow(SealError);
      expect(() => open(altered)).toThrow(/could not be decrypted/);
    }
    expect(() => open("garbage")).toThrow(/malformed/);
  });

  it("binds the context and the purpose", () => {
    const sealed = seal("pem", { context: "dkim:domain-1:sy2026a" });
    expect(open(sealed, { context: "dkim:domain-1:sy2026a" })).toBe("pem");
    expect(() => open(sealed, { context: "dkim:domain-2:sy2026a" })).toThrow(SealError);
    expect(() => open(seal("pem", { purpose: "other" }))).toThrow(SealError);
  });
});

describe("DNS records", () => {
  it("DKIM TXT per selector, split into 255-character strings for zone files", async () => {
    const pair = await generateDkimKeyPair({ algorithm: "rsa", bits: 2048 });
    const record = dkimRecord({
      domain: "example.com",
      selector: "sy2026a",
      algorithm: "rsa",
      publicKey: pair.publicKey,
    });
    expect(record.name).toBe("sy2026a._domainkey.example.com");
    expect(record.value).toBe(`v=DKIM1; k=rsa; p=${pair.publicKey}`);
    expect(record.strings.length).toBeGreaterThan(1);
    expect(record.strings.every((s) => s.length <= 255)).toBe(true);
    expect(record.strings.join("")).toBe(record.value);
    expect(record.zoneLine).toBe(
      `sy2026a._domainkey.example.com. IN TXT ${record.strings.map((s) => `"${s}"`).join(" ")}`,
    );
    const ed = dkimRecord({ domain: "example.com", selector: "ed", algorithm: "ed25519", publicKey: "AAAA" });
    expect(ed.value).toBe("v=DKIM1; k=ed25519; p=AAAA");
  });

  it("splits exactly at 255 and escapes quotes", () => {
    expect(splitTxtValue("a".repeat(510)).map((s) => s.length)).toEqual([255, 255]);
    expect(splitTxtValue("a".repeat(511)).map((s) => s.length)).toEqual([255, 255, 1]);
    expect(zoneTxt('say "hi"')).toBe('"say \\"hi\\""');
  });

  it("SPF authorizes only the egress addresses and ends in -all", () => {
    const { record, invalid } = spfRecord({
      domain: "example.com",
      egressAddresses: ["192.0.2.10", "198.51.100.0/24", "2001:DB8::1", "2001:db8:1::/48", "bogus", "192.0.2.10/32"],
    });
    expect(record.name).toBe("example.com");
    expect(record.value).toBe("v=spf1 ip4:192.0.2.10 ip4:198.51.100.0/24 ip6:2001:db8::1 ip6:2001:db8:1::/48 -all");
    expect(invalid).toEqual(["bogus"]);
    expect(spfRecord({ domain: "example.com", egressAddresses: [] }).record.value).toBe("v=spf1 -all");
  });

  it("DMARC at _dmarc with quarantine, strict alignment and the reporting address", () => {
    const record = dmarcRecord({ domain: "example.com", reportEmail: "dmarc@reports.example.net" });
    expect(record.name).toBe("_dmarc.example.com");
    expect(record.value).toBe("v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.example.net; adkim=s; aspf=s");
    expect(
      dmarcReportAuthorizationRecord({ domain: "example.com", reportEmail: "dmarc@reports.example.net" })?.name,
    ).toBe("example.com._report._dmarc.reports.example.net");
    expect(dmarcReportAuthorizationRecord({ domain: "mail.example.com", reportEmail: "dmarc@example.com" })).toBeNull();
  });

  it("lists live keys only and warns about a domain without an active key", () => {
    const key = (selector: string, status: "active" | "published" | "retired") => ({
      selector,
      algorithm: "rsa" as const,
      publicKey: "AAAA",
      status,
      retireAfter: null,
    });
    const all = domainDnsRecords({
      domain: "example.com",
      keys: [key("new", "active"), key("old", "published"), key("gone", "retired")],
      egressAddresses: ["192.0.2.10"],
      reportEmail: "d@example.com",
    });
    expect(all.records.map((r) => `${r.purpose}:${r.name}`)).toEqual([
      "dkim:new._domainkey.example.com",
      "dkim:old._domainkey.example.com",
      "spf:example.com",
      "dmarc:_dmarc.example.com",
    ]);
    expect(all.warnings).toEqual([]);
    const none = domainDnsRecords({
      domain: "example.com",
      keys: [key("gone", "retired")],
      egressAddresses: [],
      reportEmail: "d@example.com",
    });
    expect(none.warnings.join(" ")).toMatch(/no active DKIM key.*authorizes no server/);
  });
});
