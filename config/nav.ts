import type { Permission } from "@/lib/auth/permissions";

// The sidebar, as data: an entry shows only to roles holding its permission. Only sections that
// exist are listed.
export type NavIcon =
  | "gauge"
  | "chart"
  | "users"
  | "scroll"
  | "send"
  | "globe"
  | "shield"
  | "key"
  | "code"
  | "power"
  | "server"
  | "inbox"
  | "quarantine"
  | "scan"
  | "ban"
  | "history"
  | "settings";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  icon: NavIcon;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", permission: "overview:read", icon: "gauge" },
  { href: "/deliverability", label: "Deliverability", permission: "deliverability:read", icon: "chart" },
  { href: "/senders", label: "Senders", permission: "senders:read", icon: "send" },
  { href: "/domains", label: "Domains", permission: "domains:read", icon: "globe" },
  { href: "/posture", label: "Domain posture", permission: "domains:read", icon: "shield" },
  { href: "/kill-switch", label: "Kill switch", permission: "kill_switch:read", icon: "power" },
  { href: "/content", label: "Content", permission: "content:read", icon: "scan" },
  { href: "/complaints", label: "Complaints", permission: "senders:read", icon: "inbox" },
  { href: "/quarantine", label: "Quarantine", permission: "quarantine:read", icon: "quarantine" },
  { href: "/suppressions", label: "Suppressions", permission: "suppressions:read", icon: "ban" },
  { href: "/relays", label: "Relays", permission: "relays:read", icon: "server" },
  { href: "/users", label: "Users", permission: "users:read", icon: "users" },
  { href: "/recertification", label: "Re-certification", permission: "recertification:read", icon: "shield" },
  { href: "/audit", label: "Audit log", permission: "audit:read", icon: "scroll" },
  { href: "/policy-history", label: "Policy history", permission: "policy_history:read", icon: "history" },
  // Every role has its own tokens (tokens:own); tokens:read (admin, auditor) also sees everyone's.
  { href: "/tokens", label: "API tokens", permission: "tokens:own", icon: "key" },
  { href: "/api-docs", label: "API", permission: "overview:read", icon: "code" },
  { href: "/settings", label: "Settings", permission: "settings:read", icon: "settings" },
];
