import { describe, expect, it } from "vitest";
import { actorCan, can, PERMISSIONS, ROLE_PERMISSIONS, roleWithin } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

describe("role → permission table", () => {
  it("gives admin everything and the auditor exactly every read permission plus their own tokens and sessions", () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
    expect([...ROLE_PERMISSIONS.auditor].sort()).toEqual(
      [...PERMISSIONS.filter((p) => p.endsWith(":read")), "tokens:own", "sessions:own"].sort(),
    );
  });

  it("keeps comms and the auditor read-only (their own API tokens and sessions aside)", () => {
    for (const role of ["comms", "auditor"] as const) {
      expect(
        ROLE_PERMISSIONS[role].filter((p) => !p.endsWith(":read")),
        role,
      ).toEqual(["tokens:own", "sessions:own"]);
    }
  });

  it("lets every role mint and revoke its own API tokens, and only admins revoke anyone's", () => {
    expect(ROLES.filter((r) => can(r, "tokens:own"))).toEqual([...ROLES]);
    expect(ROLES.filter((r) => can(r, "tokens:manage"))).toEqual(["admin"]);
  });

  it("lets every role see and revoke its own sessions", () => {
    expect(ROLES.filter((r) => can(r, "sessions:own"))).toEqual([...ROLES]);
  });

  it("lets only admins manage users, and refuses unknown roles", () => {
    expect(ROLES.filter((r) => can(r, "users:manage"))).toEqual(["admin"]);
    expect(can(null, "overview:read")).toBe(false);
  });

  it("lets security and admins release and delete held messages, and the auditor read them", () => {
    expect(ROLES.filter((r) => can(r, "quarantine:read"))).toEqual(["admin", "security", "auditor"]);
    expect(ROLES.filter((r) => can(r, "quarantine:release"))).toEqual(["admin", "security"]);
    expect(ROLES.filter((r) => can(r, "quarantine:delete"))).toEqual(["admin", "security"]);
  });

  it("lets every role read the suppression list, and only security and admins change it", () => {
    expect(ROLES.filter((r) => can(r, "suppressions:read"))).toEqual([...ROLES]);
    expect(ROLES.filter((r) => can(r, "suppressions:manage"))).toEqual(["admin", "security"]);
  });

  it("bounds a token actor by both roles: exactly the intersection of their permission sets", () => {
    for (const owner of ROLES) {
      for (const tokenRole of ROLES) {
        const allowed = PERMISSIONS.filter((p) => actorCan({ role: owner, token: { role: tokenRole } }, p));
        expect(allowed).toEqual(PERMISSIONS.filter((p) => can(owner, p) && can(tokenRole, p)));
      }
    }
    expect(actorCan({ role: "security", token: { role: "security" } }, "audit:read")).toBe(true);
    expect(actorCan({ role: "comms", token: { role: "security" } }, "audit:read")).toBe(false);
    expect(roleWithin("comms", "infra")).toBe(true);
    expect(roleWithin("auditor", "infra")).toBe(false);
  });
});
