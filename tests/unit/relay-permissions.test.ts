import { describe, expect, it } from "vitest";
import { can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

describe("relay permissions", () => {
  // A registered relay is handed every DKIM private key (issue #11, item 6).
  it("lets only admins register a relay, while admin and infra manage (revoke) relays", () => {
    expect(ROLES.filter((r) => can(r, "relays:register"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can(r, "relays:manage"))).toEqual(["admin", "infra"]);
  });
});
