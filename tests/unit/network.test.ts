import { describe, expect, it } from "vitest";
import { cidrListSchema, cidrSchema, domainNameSchema, ipInCidrs } from "@/lib/validations/network";

describe("CIDR validation", () => {
  it("normalizes good networks and bare addresses", () => {
    expect(cidrSchema.parse(" 10.0.0.0/8 ")).toBe("10.0.0.0/8");
    expect(cidrSchema.parse("2001:DB8::/32")).toBe("2001:db8::/32");
    expect(cidrSchema.parse("192.0.2.7")).toBe("192.0.2.7/32");
    expect(cidrListSchema.parse("10.0.0.0/8, 192.168.1.0/24\n::1")).toEqual([
      "10.0.0.0/8",
      "192.168.1.0/24",
      "::1/128",
    ]);
  });

  it.each(["10.0.0.0/33", "300.1.1.1/8", "10.0.0.0/8/1", "abc", "2001:db8::/129", "10.0.0.0/-1", ""])(
    "rejects %s with a message naming it",
    (bad) => {
      const result = cidrSchema.safeParse(bad);
      expect(result.success).toBe(false);
    },
  );

  it("matches addresses, including IPv4-mapped IPv6", () => {
    expect(ipInCidrs("10.2.3.4", ["10.0.0.0/8"])).toBe(true);
    expect(ipInCidrs("::ffff:10.2.3.4", ["10.0.0.0/8"])).toBe(true);
    expect(ipInCidrs("11.2.3.4", ["10.0.0.0/8"])).toBe(false);
    expect(ipInCidrs("2001:db8::5", ["2001:db8::/32"])).toBe(true);
    expect(ipInCidrs("anything", [])).toBe(true);
    expect(ipInCidrs("not-an-ip", ["10.0.0.0/8"])).toBe(false);
  });
});

describe("domain validation", () => {
  it("accepts ASCII and Unicode names, returning punycode", () => {
    expect(domainNameSchema.parse("Mail.Example.COM.")).toBe("mail.example.com");
    expect(domainNameSchema.parse("bücher.example")).toBe("xn--bcher-kva.example");
  });

  it.each([
    "example",
    "-bad.example.com",
    "exa mple.com",
    "a..b.com",
    `${"a".repeat(64)}.com`,
    "example.123",
    "http://example.com",
  ])("rejects %s", (bad) => {
    expect(domainNameSchema.safeParse(bad).success).toBe(false);
  });
});
