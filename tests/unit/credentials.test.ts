import { describe, expect, it } from "vitest";
import {
  assertCidrsWithinSender,
  cidrWithin,
  credentialIssueRefusal,
  DAY_MS,
  displayStatus,
  expiryFrom,
  HOUR_MS,
  makeUsername,
  overlapEnd,
  resolveExpiryDays,
  USERNAME_SUFFIX_LENGTH,
} from "@/lib/credentials/credential-rules";
import { AppError } from "@/lib/errors";
import {
  generateToken,
  isWellFormedToken,
  tokenHint,
  tokenVerifier,
  verifierMatches,
} from "@/lib/server/secrets/token-format";
import {
  issueCredentialSchema,
  recordCredentialUseSchema,
  revokeCredentialSchema,
  rotateCredentialSchema,
} from "@/lib/validations/credentials";

const SENDER_ID = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";

describe("credential username", () => {
  it("is the sender slug, a dash and 6 random base32 characters", () => {
    const username = makeUsername("billing-app");
    expect(username).toMatch(new RegExp(`^billing-app-[a-z2-7]{${USERNAME_SUFFIX_LENGTH}}$`));
    const many = new Set(Array.from({ length: 500 }, () => makeUsername("x")));
    expect(many.size).toBeGreaterThan(495);
  });
});

describe("credential expiry", () => {
  it("defaults to the setting, capped by the maximum", () => {
    expect(resolveExpiryDays({ requested: undefined, defaultDays: 90, maxDays: 365 })).toBe(90);
    expect(resolveExpiryDays({ requested: undefined, defaultDays: 90, maxDays: 30 })).toBe(30);
    expect(resolveExpiryDays({ requested: 365, defaultDays: 90, maxDays: 365 })).toBe(365);
  });

  it("refuses more than the maximum, naming expiresInDays", () => {
    const error = (() => {
      try {
        resolveExpiryDays({ requested: 366, defaultDays: 90, maxDays: 365 });
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fieldErrors!)).toEqual(["expiresInDays"]);
    expect(error.message).toContain("365");
  });

  it("computes the expiry date and the rotation overlap end", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(expiryFrom(now, 90).getTime() - now.getTime()).toBe(90 * DAY_MS);
    expect(overlapEnd(now, 72, expiryFrom(now, 90)).getTime()).toBe(now.getTime() + 72 * HOUR_MS);
    // Rotation never extends a credential that ends sooner than the overlap.
    const soon = new Date(now.getTime() + HOUR_MS);
    expect(overlapEnd(now, 72, soon)).toBe(soon);
    expect(overlapEnd(now, 0, null).getTime()).toBe(now.getTime());
  });

  it("shows expiring soon within 7 days, expired past the expiry", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(displayStatus({ status: "active", expiresAt: expiryFrom(now, 30) }, now)).toBe("active");
    expect(displayStatus({ status: "active", expiresAt: expiryFrom(now, 3) }, now)).toBe("expiring_soon");
    expect(displayStatus({ status: "active", expiresAt: new Date(now.getTime() - 1) }, now)).toBe("expired");
    expect(displayStatus({ status: "revoked", expiresAt: expiryFrom(now, 30) }, now)).toBe("revoked");
  });
});

describe("may a credential be issued (one rule for the issue action and the panel)", () => {
  it("refuses an inactive sender, then a sender at the active limit, else allows", () => {
    expect(credentialIssueRefusal({ status: "pending" }, 0)).toEqual({
      reason: "sender_not_active",
      status: "pending",
    });
    expect(credentialIssueRefusal({ status: "suspended" }, 2)).toEqual({
      reason: "sender_not_active",
      status: "suspended",
    });
    expect(credentialIssueRefusal({ status: "active" }, 2)).toEqual({ reason: "too_many_active", activeCount: 2 });
    expect(credentialIssueRefusal({ status: "active" }, 1)).toBeNull();
  });
});

describe("credential CIDRs", () => {
  it("must lie within one of the sender's networks", () => {
    expect(cidrWithin("10.1.2.0/24", ["10.1.0.0/16"])).toBe(true);
    expect(cidrWithin("10.1.2.3/32", ["10.1.0.0/16", "192.0.2.0/24"])).toBe(true);
    expect(cidrWithin("10.0.0.0/8", ["10.1.0.0/16"])).toBe(false);
    expect(cidrWithin("10.2.0.0/24", ["10.1.0.0/16"])).toBe(false);
    expect(cidrWithin("2001:db8:1::/48", ["2001:db8::/32"])).toBe(true);
    expect(cidrWithin("2001:db8::/32", ["10.0.0.0/8"])).toBe(false);
    expect(cidrWithin("198.51.100.0/24", [])).toBe(true);
  });

  it("names allowedCidrs and the offending networks when one lies outside", () => {
    expect(() => assertCidrsWithinSender(["10.1.2.0/24"], ["10.1.0.0/16"])).not.toThrow();
    try {
      assertCidrsWithinSender(["10.1.2.0/24", "172.16.0.0/12"], ["10.1.0.0/16"]);
      expect.unreachable();
    } catch (e) {
      const error = e as AppError;
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.fieldErrors!)).toEqual(["allowedCidrs"]);
      expect(error.message).toContain("172.16.0.0/12");
      expect(error.message).not.toContain("10.1.2.0/24 ");
    }
  });
});

describe("credential secret", () => {
  it("is a well-formed smtp token whose verifier is SHA-256 hex, never the secret", () => {
    for (let i = 0; i < 50; i++) {
      const secret = generateToken("smtp");
      const verifier = tokenVerifier(secret);
      expect(isWellFormedToken("smtp", secret)).toBe(true);
      expect(verifier).toMatch(/^[0-9a-f]{64}$/);
      expect(verifier).not.toBe(secret);
      expect(verifier).not.toContain(secret.slice(7));
      expect(verifierMatches(secret, verifier)).toBe(true);
      expect(tokenHint(secret)).toEqual({ prefix: "sysmtp_", last4: secret.slice(-4) });
    }
  });

  it("refuses a secret with a broken checksum before any lookup", () => {
    const secret = generateToken("smtp");
    const flipped = secret.slice(0, 20) + (secret[20] === "A" ? "B" : "A") + secret.slice(21);
    expect(isWellFormedToken("smtp", flipped)).toBe(false);
    expect(isWellFormedToken("api", secret)).toBe(false);
  });
});

describe("credential input validation", () => {
  it("takes form strings: empty expiry means default, CIDRs comma-separated", () => {
    const parsed = issueCredentialSchema.parse({
      senderId: SENDER_ID,
      expiresInDays: "",
      allowedCidrs: "10.1.2.3, 2001:db8::/48",
    });
    expect(parsed.expiresInDays).toBeUndefined();
    expect(parsed.allowedCidrs).toEqual(["10.1.2.3/32", "2001:db8::/48"]);
    expect(issueCredentialSchema.parse({ senderId: SENDER_ID, expiresInDays: "30" }).expiresInDays).toBe(30);
  });

  it("names the bad fields", () => {
    const bad = issueCredentialSchema.safeParse({
      senderId: "nope",
      expiresInDays: "1.5",
      allowedCidrs: "10.0.0.0/33",
    });
    expect(bad.success).toBe(false);
    const paths = new Set(bad.error!.issues.map((i) => String(i.path[0])));
    expect([...paths].sort()).toEqual(["allowedCidrs", "expiresInDays", "senderId"]);
    expect(rotateCredentialSchema.safeParse({ credentialId: SENDER_ID, overlapHours: "-1" }).success).toBe(false);
    expect(
      rotateCredentialSchema.parse({ credentialId: SENDER_ID, overlapHours: "0", allowedCidrs: "" }),
    ).toMatchObject({ overlapHours: 0, allowedCidrs: undefined });
    expect(revokeCredentialSchema.safeParse({ credentialId: SENDER_ID, reason: "  " }).success).toBe(false);
  });

  it("accepts relay use reports with an IP and a timestamp not in the future", () => {
    expect(
      recordCredentialUseSchema.safeParse({ username: "a-abcdef", at: new Date().toISOString(), from: "192.0.2.1" })
        .success,
    ).toBe(true);
    expect(
      recordCredentialUseSchema.safeParse({
        username: "a-abcdef",
        at: new Date(Date.now() + DAY_MS),
        from: "192.0.2.1",
      }).success,
    ).toBe(false);
    expect(
      recordCredentialUseSchema.safeParse({ username: "a-abcdef", at: new Date(), from: "not-an-ip" }).success,
    ).toBe(false);
  });
});
