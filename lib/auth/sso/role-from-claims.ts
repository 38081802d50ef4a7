import { ROLES, type Role } from "@/lib/auth/roles";
import type { SsoMapping } from "./sso-schemas";

// The groups a user is in, as the provider's claim says: an array of strings (Entra ID, Okta,
// Keycloak), or one string (a single group, or groups separated by commas or spaces).
export function groupsFromClaims(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

// ROLES is ordered from the most to the least privileged: admin > security > infra > comms > auditor.
const PRIVILEGE = new Map(ROLES.map((role, index) => [role, index]));

// The role for a set of groups: the most privileged role any of them maps to; null if none maps.
export function roleForGroups(groups: string[], rules: SsoMapping["rules"]): Role | null {
  const inGroup = new Set(groups);
  let best: Role | null = null;
  for (const rule of rules) {
    if (!inGroup.has(rule.group)) continue;
    if (best === null || PRIVILEGE.get(rule.role)! < PRIVILEGE.get(best)!) best = rule.role;
  }
  return best;
}

export function roleFromClaims(claims: Record<string, unknown>, mapping: SsoMapping): Role | null {
  return roleForGroups(groupsFromClaims(claims, mapping.claim), mapping.rules);
}
