import type { Role } from "@/lib/auth/roles";
import type { Fixtures } from "./fixtures";

// Every mutation of the app, with who may call it. The matrix test fails while the build holds a
// server action, or the source a mutating route handler, that is not listed here.
export type Allowed = readonly Role[] | "public" | "signed-in" | "relay-token";

export interface MutationSpec {
  allowed: Allowed;
  // A valid input that succeeds for an allowed role (fresh state for every call). Forbidden
  // callers send it too, so only the server-side guard can stop them.
  input?: (f: Fixtures) => Promise<unknown> | unknown;
  note?: string;
}

const reason = "authorization matrix";
const DOMAIN_MANAGERS = ["admin", "security", "infra"] as const;
const SENDER_EDITORS = ["admin", "security", "infra"] as const;
const APPROVERS = ["admin", "security"] as const;
const ISSUERS = ["admin", "infra"] as const;
const REVOKERS = ["admin", "security", "infra"] as const;
const ENGAGERS = ["admin", "security"] as const;
const RELAY_MANAGERS = ["admin", "infra"] as const;
const EVERY_ROLE = ["admin", "security", "infra", "comms", "auditor"] as const;

export const ACTION_MUTATIONS: Record<string, MutationSpec> = {
  "app/(login)/actions.ts#signInAction": { allowed: "public", note: "the sign-in form itself; throttled per account and IP" },
  "app/(login)/actions.ts#signOutAction": { allowed: "signed-in", note: "ends the caller's own sessions only" },
  "app/(dashboard)/users/actions.ts#createUserAction": {
    allowed: ["admin"],
    input: (f) => ({ email: `matrix-${f.unique()}@test.local`, name: "Matrix", role: "comms", password: "" }),
  },
  "app/(dashboard)/users/actions.ts#changeUserRoleAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, role: "security" }) },
  "app/(dashboard)/users/actions.ts#disableUserAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, reason }) },
  "app/(dashboard)/users/actions.ts#enableUserAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, reason }) },
  "app/(dashboard)/users/actions.ts#resetUserPasswordAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId }) },
  "app/(dashboard)/tokens/actions.ts#createApiTokenAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, name: `matrix-${f.unique()}` }) },
  "app/(dashboard)/tokens/actions.ts#revokeApiTokenAction": { allowed: ["admin"], input: async (f) => ({ tokenId: await f.apiToken() }) },
  "app/(dashboard)/domains/actions.ts#addDomainAction": { allowed: DOMAIN_MANAGERS, input: (f) => ({ domain: `m${f.unique()}.example.com`, algorithm: "ed25519" }) },
  "app/(dashboard)/domains/actions.ts#generateDkimKeyAction": { allowed: DOMAIN_MANAGERS, input: async (f) => ({ domainId: (await f.domain()).id, algorithm: "ed25519" }) },
  "app/(dashboard)/domains/actions.ts#rotateDkimKeyAction": { allowed: DOMAIN_MANAGERS, input: async (f) => ({ domainId: (await f.domain()).id, algorithm: "ed25519", overlapDays: "1" }) },
  "app/(dashboard)/domains/actions.ts#retireDkimKeyAction": { allowed: DOMAIN_MANAGERS, input: async (f) => ({ keyId: await f.stagedKey(), reason }) },
  "app/(dashboard)/senders/actions.ts#registerSenderAction": { allowed: SENDER_EDITORS, input: async (f) => f.senderInput((await f.domain()).id) },
  "app/(dashboard)/senders/actions.ts#updateSenderAction": { allowed: SENDER_EDITORS, input: async (f) => ({ senderId: await f.requestedSender(), purpose: "Updated by the matrix" }) },
  "app/(dashboard)/senders/actions.ts#decideSenderAction": { allowed: APPROVERS, input: async (f) => ({ senderId: await f.requestedSender(), decision: "approve", comment: reason }) },
  "app/(dashboard)/senders/actions.ts#changeSenderStatusAction": { allowed: APPROVERS, input: async (f) => ({ senderId: await f.approvedSender(), action: "activate" }) },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#issueCredentialAction": { allowed: ISSUERS, input: async (f) => ({ senderId: await f.activeSender() }) },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#rotateCredentialAction": { allowed: ISSUERS, input: async (f) => ({ credentialId: await f.credential(), overlapHours: "0" }) },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#revokeCredentialAction": { allowed: REVOKERS, input: async (f) => ({ credentialId: await f.credential(), reason }) },
  "app/(dashboard)/kill-switch/actions.ts#engageKillSwitchAction": { allowed: ENGAGERS, input: async (f) => ({ scope: "sender", targetId: await f.activeSender(), reason }) },
  "app/(dashboard)/kill-switch/actions.ts#releaseKillSwitchAction": { allowed: ENGAGERS, input: async (f) => ({ killSwitchId: await f.engagedKillSwitch(), reason }) },
  "app/(dashboard)/kill-switch/actions.ts#describeKillSwitchImpactAction": { allowed: EVERY_ROLE, input: () => ({ scope: "global" }), note: "read-only: what an engage would stop" },
  "app/(dashboard)/relays/actions.ts#registerRelayAction": { allowed: RELAY_MANAGERS, input: (f) => ({ name: `matrix-${f.unique()}` }) },
  "app/(dashboard)/relays/actions.ts#revokeRelayAction": { allowed: RELAY_MANAGERS, input: async (f) => ({ relayId: await f.relay(), reason }) },
};

export interface RouteMutationSpec {
  allowed: Allowed;
  // Path (with fresh ids) and JSON body of a call that succeeds for an allowed caller.
  request?: (f: Fixtures) => Promise<{ path: string; body: unknown }>;
  note?: string;
}

// "METHOD file" of every route handler that changes state.
export const ROUTE_MUTATIONS: Record<string, RouteMutationSpec> = {
  "POST app/api/auth/[...nextauth]/route.ts": { allowed: "public", note: "next-auth: CSRF-protected sign-in/sign-out endpoints" },
  "POST app/api/v1/senders/[id]/credentials/route.ts": { allowed: ISSUERS, request: async (f) => ({ path: `/api/v1/senders/${await f.activeSender()}/credentials`, body: {} }) },
  "POST app/api/v1/credentials/[id]/rotate/route.ts": { allowed: ISSUERS, request: async (f) => ({ path: `/api/v1/credentials/${await f.credential()}/rotate`, body: { overlapHours: 0 } }) },
  "POST app/api/v1/credentials/[id]/revoke/route.ts": { allowed: REVOKERS, request: async (f) => ({ path: `/api/v1/credentials/${await f.credential()}/revoke`, body: { reason } }) },
  "POST app/api/v1/kill-switches/route.ts": { allowed: ENGAGERS, request: async (f) => ({ path: "/api/v1/kill-switches", body: { scope: "sender", targetId: await f.activeSender(), reason } }) },
  "POST app/api/v1/kill-switches/[id]/release/route.ts": { allowed: ENGAGERS, request: async (f) => ({ path: `/api/v1/kill-switches/${await f.engagedKillSwitch()}/release`, body: { reason } }) },
  "POST app/api/relay/v1/events/route.ts": { allowed: "relay-token", note: "relays only: every dashboard role is refused (401)" },
  "POST app/api/relay/v1/heartbeat/route.ts": { allowed: "relay-token", note: "relays only: every dashboard role is refused (401)" },
};
