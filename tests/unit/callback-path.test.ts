import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/auth/sso/callback-path";

describe("sameOriginPath (where a re-authentication comes back to)", () => {
  it("keeps a path on this origin, with its query", () => {
    expect(sameOriginPath("/kill-switch")).toBe("/kill-switch");
    expect(sameOriginPath("/senders?status=pending")).toBe("/senders?status=pending");
  });

  it("answers / for another origin or anything that is not a path", () => {
    for (const value of [
      "https://evil.test/x",
      "//evil.test/x",
      "/\\evil.test",
      "javascript:alert(1)",
      "kill-switch",
      "",
      undefined,
      null,
      42,
    ])
      expect(sameOriginPath(value), String(value)).toBe("/");
  });
});
