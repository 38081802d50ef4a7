import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, looksLikeRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/mfa/recovery-codes";
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotpStep,
  otpauthUri,
  totpCode,
  totpStep,
} from "@/lib/auth/mfa/totp";

// RFC 6238 appendix B uses the ASCII secret "12345678901234567890" for SHA-1.
const RFC_KEY = Buffer.from("12345678901234567890", "ascii");
const RFC_SECRET = base32Encode(RFC_KEY);

describe("HOTP (RFC 4226 appendix D)", () => {
  it("gives the published values for counters 0–9", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expect(expected.map((_, counter) => hotp(RFC_KEY, counter))).toEqual(expected);
  });
});

describe("TOTP (RFC 6238 appendix B, SHA-1)", () => {
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("at %i s the 8-digit code is %s (and the 6-digit code its last six digits)", (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(2));
  });
});

describe("base32 (RFC 4648)", () => {
  it("encodes the RFC test vectors and round-trips secrets", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(base32Decode("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq")).toEqual(RFC_KEY);
    expect(() => base32Decode("not base32!")).toThrow();
  });
});

describe("matchTotpStep", () => {
  const at = 1_700_000_000_000;
  const now = totpStep(at);
  const codeAt = (step: number) => totpCode(RFC_SECRET, step * 30_000);

  it("accepts the current step and one step either side, nothing further", () => {
    expect(matchTotpStep(RFC_SECRET, codeAt(now), { at })).toBe(now);
    expect(matchTotpStep(RFC_SECRET, codeAt(now - 1), { at })).toBe(now - 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(now + 1), { at })).toBe(now + 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(now - 2), { at })).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(now + 2), { at })).toBeNull();
  });

  it("refuses a step at or before the last one used (no replay), and malformed codes", () => {
    expect(matchTotpStep(RFC_SECRET, codeAt(now), { at, lastStep: now })).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(now - 1), { at, lastStep: now - 1 })).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(now + 1), { at, lastStep: now })).toBe(now + 1);
    expect(matchTotpStep(RFC_SECRET, "12345", { at })).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "abcdef", { at })).toBeNull();
  });
});

describe("otpauth URI and recovery codes", () => {
  it("builds the URI authenticator apps scan", () => {
    const text = otpauthUri({ issuer: "Switchyard", account: "ada@example.com", secret: RFC_SECRET });
    expect(text.startsWith("otpauth://totp/Switchyard%3Aada%40example.com?")).toBe(true);
    const uri = new URL(text);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: RFC_SECRET,
      issuer: "Switchyard",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });

  it("makes ten distinct recovery codes that are told apart from TOTP codes", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(code.toUpperCase().replace("-", " "))).toBe(true);
    }
    expect(looksLikeRecoveryCode("123456")).toBe(false);
    expect(normalizeRecoveryCode("AbCde-FGhjk")).toBe("abcdefghjk");
  });
});
