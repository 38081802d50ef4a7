import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLE_PERMISSIONS, can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

describe("role → permission table", () => {
  it("gives admin everything and the auditor exactly every read permission", () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
    expect([...ROLE_PERMISSIONS.auditor].sort()).toEqual(PERMISSIONS.filter((p) => p.endsWith(":read")).sort());
  });

  it("keeps comms and the auditor read-only", () => {
    for (const role of ["comms", "auditor"] as const) {
      expect(ROLE_PERMISSIONS[role].filter((p) => !p.endsWith(":read")), role).toEqual([]);
    }
  });

  it("lets only admins manage users, and refuses unknown roles", () => {
    expect(ROLES.filter((r) => can(r, "users:manage"))).toEqual(["admin"]);
    expect(can(null, "overview:read")).toBe(false);
  });
});
