import { describe, expect, it } from "vitest";
import {
  generateToken,
  isWellFormedToken,
  tokenHint,
  tokenVerifier,
  verifierMatches,
} from "@/lib/server/secrets/token-format";

describe("token format", () => {
  it("has the type prefix, 43 base62 characters of body and a 6-character checksum", () => {
    const token = generateToken("smtp");
    expect(token).toMatch(/^sysmtp_[0-9A-Za-z]{49}$/);
    expect(isWellFormedToken("smtp", token)).toBe(true);
    expect(isWellFormedToken("api", token)).toBe(false);
  });

  it("never repeats", () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => generateToken("api")));
    expect(tokens.size).toBe(2000);
  });

  it("rejects any single-character typo through the checksum", () => {
    const token = generateToken("relay");
    for (let i = "syrelay_".length; i < token.length; i++) {
      const replacement = token[i] === "a" ? "b" : "a";
      const typo = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(isWellFormedToken("relay", typo), `typo at ${i}`).toBe(false);
    }
    expect(isWellFormedToken("relay", token.slice(0, -1))).toBe(false);
  });

  it("verifies against a SHA-256 verifier, never the secret", () => {
    const token = generateToken("smtp");
    const verifier = tokenVerifier(token);
    expect(verifier).toMatch(/^[0-9a-f]{64}$/);
    expect(verifier).not.toContain(token.slice(7, 20));
    expect(verifierMatches(token, verifier)).toBe(true);
    expect(verifierMatches(generateToken("smtp"), verifier)).toBe(false);
    expect(tokenHint(token)).toEqual({ prefix: "sysmtp_", last4: token.slice(-4) });
  });
});
