import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientAddressFrom, clientIpFrom, trustedProxiesFrom } from "@/lib/auth/client-ip";

describe("client address", () => {
  it("ignores a spoofed X-Forwarded-For with 0 trusted proxies: the socket address counts", () => {
    expect(clientAddressFrom({ socketAddress: "192.0.2.50", forwardedFor: "203.0.113.5", trustedProxies: 0 })).toBe(
      "192.0.2.50",
    );
    expect(clientAddressFrom({ socketAddress: "::ffff:127.0.0.1", forwardedFor: undefined, trustedProxies: 0 })).toBe(
      "127.0.0.1",
    );
    expect(clientAddressFrom({ socketAddress: "2001:db8::1", forwardedFor: "", trustedProxies: 0 })).toBe(
      "2001:db8::1",
    );
  });

  it("with 1 trusted proxy takes the hop that proxy appended, not the first (client-written) one", () => {
    // The client wrote "203.0.113.5"; the proxy appended the address it saw (198.51.100.7) and connects from 10.0.0.2.
    expect(
      clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "203.0.113.5, 198.51.100.7", trustedProxies: 1 }),
    ).toBe("198.51.100.7");
    expect(
      clientAddressFrom({
        socketAddress: "10.0.0.2",
        forwardedFor: ["203.0.113.5", "198.51.100.7"],
        trustedProxies: 1,
      }),
    ).toBe("198.51.100.7");
    expect(
      clientAddressFrom({
        socketAddress: "10.0.0.3",
        forwardedFor: "203.0.113.5, 198.51.100.7, 10.0.0.2",
        trustedProxies: 2,
      }),
    ).toBe("198.51.100.7");
    // Fewer hops than configured: the leftmost there is.
    expect(clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: undefined, trustedProxies: 1 })).toBe(
      "10.0.0.2",
    );
    expect(
      clientAddressFrom({ socketAddress: "10.0.0.2", forwardedFor: "not-an-address", trustedProxies: 1 }),
    ).toBeNull();
  });

  it("the app reads only the header the dashboard server stamps, never X-Forwarded-For", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.5", "x-real-ip": "198.51.100.2" }))).toBeNull();
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIpFrom(new Headers({ [CLIENT_IP_HEADER]: "x".repeat(500) }))).toBeNull();
  });

  it("reads SWITCHYARD_TRUSTED_PROXIES strictly", () => {
    expect(trustedProxiesFrom(undefined)).toBe(0);
    expect(trustedProxiesFrom("2")).toBe(2);
    expect(() => trustedProxiesFrom("-1")).toThrow(/SWITCHYARD_TRUSTED_PROXIES/);
    expect(() => trustedProxiesFrom("one")).toThrow(/SWITCHYARD_TRUSTED_PROXIES/);
  });
});
