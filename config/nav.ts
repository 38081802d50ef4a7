import type { Permission } from "@/lib/auth/permissions";

// The sidebar, as data: an entry shows only to roles holding its permission.
export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  icon: "gauge" | "users" | "scroll";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", permission: "overview:read", icon: "gauge" },
  { href: "/users", label: "Users", permission: "users:read", icon: "users" },
  { href: "/audit", label: "Audit log", permission: "audit:read", icon: "scroll" },
];
