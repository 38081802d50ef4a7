import type { Role } from "@/db/schema";

// Who is acting, as every domain function receives it: a signed-in user, an API token, or the
// system itself. ip is the request's client address where there is one.
export interface Actor {
  kind: "user" | "system" | "anonymous";
  id: string | null;
  label: string;
  // For a user (also one calling with a token): that user's current role.
  role: Role | null;
  ip: string | null;
  // Set when the call came with an API token: the token's own role bounds the owner's (lib/auth/permissions.ts actorCan).
  token?: { id: string; name: string; role: Role };
}

export const SYSTEM_ACTOR: Actor = { kind: "system", id: null, label: "system", role: null, ip: null };

export function anonymousActor(label: string, ip: string | null): Actor {
  return { kind: "anonymous", id: null, label, role: null, ip };
}

// The role an actor acts with, as the audit log and refusals name it: a token call acts with the
// lesser of two roles, so both are named when they differ.
export function roleLabel(actor: Actor): string | null {
  if (!actor.token || actor.token.role === actor.role) return actor.role;
  return `${actor.role} (token role ${actor.token.role})`;
}
