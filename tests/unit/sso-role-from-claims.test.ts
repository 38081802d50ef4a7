import { describe, expect, it } from "vitest";
import { groupsFromClaims, roleForGroups } from "@/lib/auth/sso/role-from-claims";

const rules = [
  { group: "auditors", role: "auditor" as const },
  { group: "ops", role: "infra" as const },
  { group: "sec", role: "security" as const },
  { group: "comms", role: "comms" as const },
];

describe("SSO group → role", () => {
  it("takes the most privileged role among the mapped groups, whatever the order", () => {
    expect(roleForGroups(["auditors", "ops"], rules)).toBe("infra");
    expect(roleForGroups(["ops", "sec", "auditors"], rules)).toBe("security");
    expect(roleForGroups(["comms", "auditors"], rules)).toBe("comms");
    expect(roleForGroups(["auditors"], rules)).toBe("auditor");
  });

  it("gives no role when no group maps, and matches group names exactly", () => {
    expect(roleForGroups([], rules)).toBeNull();
    expect(roleForGroups(["Sec", "sec-team", "other"], rules)).toBeNull();
  });

  it("reads the claim as an array, or a single string of groups; ignores other types", () => {
    expect(groupsFromClaims({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFromClaims({ roles: "a, b c" }, "roles")).toEqual(["a", "b", "c"]);
    expect(groupsFromClaims({ groups: { a: 1 } }, "groups")).toEqual([]);
    expect(groupsFromClaims({}, "groups")).toEqual([]);
  });
});
