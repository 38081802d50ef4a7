import type { Role } from "./roles";

// Permissions are data: this table is the single source of what each role may do. Every
// server action and route handler names the permission it needs (lib/auth/guard.ts).
export const PERMISSIONS = [
  "overview:read",
  "audit:read",
  "users:read",
  "users:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY = PERMISSIONS.filter((p) => p.endsWith(":read"));

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  security: ["overview:read", "audit:read"],
  infra: ["overview:read"],
  comms: ["overview:read"],
  auditor: READ_ONLY,
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  security: "Security",
  infra: "Infrastructure",
  comms: "Communications (read-only)",
  auditor: "Auditor (read-only)",
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && ROLE_PERMISSIONS[role].includes(permission);
}
