import { describe, expect, it } from "vitest";
import { clientIpFrom } from "@/lib/auth/client-ip";

describe("client address", () => {
  it("takes the first forwarded hop, strips IPv4-mapped prefixes, caps the length", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.1" }))).toBe("203.0.113.5");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientIpFrom(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFrom(new Headers())).toBeNull();
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "x".repeat(500) }))!.length).toBe(64);
  });
});
