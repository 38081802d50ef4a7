import type { Role } from "./roles";

// Permissions are data: this table is the single source of what each role may do. Every
// server action and route handler names the permission it needs (lib/auth/guard.ts).
export const PERMISSIONS = [
  "overview:read",
  "audit:read",
  "users:read",
  "users:manage",
  "senders:read",
  "senders:register",
  "senders:update",
  "senders:approve",
  "senders:lifecycle",
  "domains:read",
  "domains:manage",
  "credentials:read",
  "credentials:issue",
  "credentials:revoke",
  "tokens:read",
  // Create, list and revoke your own API tokens (a token never does more than its owner's role).
  "tokens:own",
  // Revoke anyone's API token.
  "tokens:manage",
  // See and revoke your own sign-in sessions (every role; anyone else's is users:manage).
  "sessions:own",
  "settings:read",
  "settings:manage",
  "kill_switch:read",
  "kill_switch:engage",
  "relays:read",
  "relays:manage",
  // Registering a relay hands it every DKIM private key (the policy snapshot): admin only.
  "relays:register",
  "deliverability:read",
  // Post feedback-loop (ARF) complaint reports; reading them is senders:read.
  "complaints:submit",
  // Held messages (content security): read them, release them (two people: one requests, another
  // approves), delete them.
  "quarantine:read",
  "quarantine:release",
  "quarantine:delete",
  // Content profiles and their DLP rules (read: also the dry run, which changes nothing).
  "content:read",
  "content:manage",
  // Re-certification: the report (auditors too) and starting campaigns (security).
  "recertification:read",
  "recertification:manage",
  // The suppression list (recipients refused at RCPT): read and export it; add to it and remove from it.
  "suppressions:read",
  "suppressions:manage",
  // Policy history: every version relays enforced, compared as readable diffs (no secrets in it).
  "policy_history:read",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY = PERMISSIONS.filter((p) => p.endsWith(":read"));

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // Security approves senders (four-eyes), suspends and retires them, revokes credentials, and owns
  // content policy (profiles, DLP rules).
  security: [
    "overview:read",
    "audit:read",
    "senders:read",
    "senders:register",
    "senders:update",
    "senders:approve",
    "senders:lifecycle",
    "domains:read",
    "domains:manage",
    "credentials:read",
    "credentials:revoke",
    "settings:read",
    "kill_switch:read",
    "kill_switch:engage",
    "relays:read",
    "deliverability:read",
    "complaints:submit",
    "content:read",
    "content:manage",
    "tokens:own",
    "sessions:own",
    "quarantine:read",
    "quarantine:release",
    "quarantine:delete",
    "recertification:read",
    "recertification:manage",
    "suppressions:read",
    "suppressions:manage",
    "policy_history:read",
  ],
  // Infra registers senders, manages domains and DNS, issues, rotates and revokes credentials.
  infra: [
    "overview:read",
    "senders:read",
    "senders:register",
    "senders:update",
    "domains:read",
    "domains:manage",
    "credentials:read",
    "credentials:issue",
    "credentials:revoke",
    "settings:read",
    "kill_switch:read",
    "relays:read",
    "relays:manage",
    "deliverability:read",
    "complaints:submit",
    // What a content profile checks, for choosing one in the sender form.
    "content:read",
    // Read-only, so that comms (which reads it) stays within infra: an infra user may mint a comms token.
    "suppressions:read",
    "tokens:own",
    "sessions:own",
  ],
  // Comms reads deliverability; it sees which senders, domains, switches and relays exist, nothing more.
  comms: [
    "overview:read",
    "deliverability:read",
    "senders:read",
    "domains:read",
    "kill_switch:read",
    "relays:read",
    "suppressions:read",
    "tokens:own",
    "sessions:own",
  ],
  // A token of the auditor's can do nothing their read-only role cannot, so they may mint their own.
  auditor: [...READ_ONLY, "tokens:own", "sessions:own"],
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

// What an actor may do: its role's permissions, and for an API token also the token's role's
// (the lesser of both: a token never outgrows its owner's current role, nor the owner their token's).
export function actorCan(actor: { role: Role | null; token?: { role: Role } }, permission: Permission): boolean {
  return can(actor.role, permission) && (!actor.token || can(actor.token.role, permission));
}

// True when every permission of `role` is also one of `owner`'s.
export function roleWithin(role: Role, owner: Role): boolean {
  return ROLE_PERMISSIONS[role].every((permission) => can(owner, permission));
}
