import type { Role } from "@/lib/auth/roles";
import { arfSample } from "../../support/arf-sample";
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
// A registered relay is handed every DKIM private key: admins only.
const RELAY_REGISTRARS = ["admin"] as const;
const EVERY_ROLE = ["admin", "security", "infra", "comms", "auditor"] as const;
const COMPLAINT_SUBMITTERS = ["admin", "security", "infra"] as const;
const SETTINGS_MANAGERS = ["admin"] as const;
// Quarantine: both steps of a release are theirs, never by the same person for one message (the
// fixtures' releaser, a third person, asks); deleting is theirs too.
const RELEASERS = ["admin", "security"] as const;
const QUARANTINE_DELETERS = ["admin", "security"] as const;
// Security owns content policy; infra reads profiles (to choose one for a sender), comms does not.
const CONTENT_MANAGERS = ["admin", "security"] as const;
const CONTENT_READERS = ["admin", "security", "infra", "auditor"] as const;
// Security starts re-certification campaigns.
const RECERTIFIERS = ["admin", "security"] as const;
// The suppression list: security and admins add to it and remove from it (everyone reads it).
const SUPPRESSION_MANAGERS = ["admin", "security"] as const;

// A fresh relay and its name (revoke-and-rotate is confirmed by typing the name).
async function namedRelay(f: Fixtures): Promise<{ relayId: string; confirmName: string }> {
  const confirmName = `matrix-${f.unique()}`;
  const data = (await f.call("app/(dashboard)/relays/actions.ts#registerRelayAction", { name: confirmName })) as {
    relay: { id: string };
  };
  return { relayId: data.relay.id, confirmName };
}

export const ACTION_MUTATIONS: Record<string, MutationSpec> = {
  "app/(login)/actions.ts#signInAction": {
    allowed: "public",
    note: "the sign-in form itself; throttled per account and IP",
  },
  "app/(login)/actions.ts#signOutAction": { allowed: "signed-in", note: "ends the caller's own sessions only" },
  "app/(dashboard)/account/mfa/actions.ts#confirmTotpAction": {
    allowed: "signed-in",
    note: "turns on TOTP for the caller's own account (also before a required enrolment); needs a first valid code",
  },
  "app/(dashboard)/account/mfa/actions.ts#disableTotpAction": {
    allowed: "signed-in",
    note: "turns off the caller's own TOTP, proven with a current or recovery code",
  },
  "app/(dashboard)/account/mfa/actions.ts#regenerateRecoveryCodesAction": {
    allowed: "signed-in",
    note: "new recovery codes for the caller's own account, proven with a current authenticator code",
  },
  "app/(dashboard)/_components/step-up-actions.ts#stepUpAction": {
    allowed: "signed-in",
    note: "re-authenticates the caller's own session (password, and code if enrolled); throttled like sign-in",
  },
  "app/(dashboard)/users/actions.ts#createUserAction": {
    allowed: ["admin"],
    input: (f) => ({ email: `matrix-${f.unique()}@test.local`, name: "Matrix", role: "comms", password: "" }),
  },
  "app/(dashboard)/users/actions.ts#changeUserRoleAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId, role: "security" }),
  },
  "app/(dashboard)/users/actions.ts#disableUserAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId, reason }),
  },
  "app/(dashboard)/users/actions.ts#enableUserAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId, reason }),
  },
  "app/(dashboard)/users/actions.ts#resetUserPasswordAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId }),
  },
  "app/(dashboard)/users/actions.ts#resetUserMfaAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId, reason }),
    note: "step-up; idempotent (a user without TOTP is reset all the same); refused on oneself",
  },
  "app/(dashboard)/users/break-glass-actions.ts#setBreakGlassAction": {
    allowed: ["admin"],
    input: async (f) => ({ userId: await f.localAdmin(), breakGlass: true }),
    note: "only local admins can be marked; the local sign-in switch itself stays on (everyone)",
  },
  "app/(dashboard)/account/actions.ts#revokeMySessionAction": {
    allowed: "signed-in",
    note: "the caller's own sessions only (another's id: not found, unless admin); tests/integration/user-sessions.test.ts",
  },
  "app/(dashboard)/account/actions.ts#revokeMyOtherSessionsAction": {
    allowed: "signed-in",
    note: "ends the caller's other sessions only; tests/e2e/sessions.browser.test.ts",
  },
  "app/(dashboard)/account/actions.ts#revokeUserSessionAction": {
    allowed: ["admin"],
    input: async (f) => ({ sessionId: await f.liveSession() }),
  },
  "app/(dashboard)/account/actions.ts#revokeAllUserSessionsAction": {
    allowed: ["admin"],
    input: (f) => ({ userId: f.targetUserId, reason }),
  },
  "app/(dashboard)/tokens/actions.ts#createApiTokenAction": {
    allowed: EVERY_ROLE,
    input: (f) => ({ name: `matrix-${f.unique()}` }),
    note: "every role mints for itself only",
  },
  "app/(dashboard)/tokens/actions.ts#revokeApiTokenAction": {
    allowed: ["admin"],
    // A third user's token: only tokens:manage revokes another's. Each role revoking its own:
    // tests/integration/api-token-bounds.test.ts and tests/e2e/tokens.browser.test.ts.
    input: async (f) => ({ tokenId: await f.apiToken() }),
    note: "the matrix requester's token: only admin revokes another user's",
  },
  "app/(dashboard)/domains/actions.ts#addDomainAction": {
    allowed: DOMAIN_MANAGERS,
    input: (f) => ({ domain: `m${f.unique()}.example.com`, algorithm: "ed25519" }),
  },
  "app/(dashboard)/domains/actions.ts#generateDkimKeyAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({ domainId: (await f.domain()).id, algorithm: "ed25519" }),
  },
  "app/(dashboard)/domains/actions.ts#rotateDkimKeyAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({ domainId: (await f.domain()).id, algorithm: "ed25519", overlapDays: "1" }),
  },
  "app/(dashboard)/domains/actions.ts#retireDkimKeyAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({ keyId: await f.stagedKey(), reason }),
  },
  "app/(dashboard)/senders/actions.ts#registerSenderAction": {
    allowed: SENDER_EDITORS,
    input: async (f) => f.senderInput((await f.domain()).id),
  },
  "app/(dashboard)/senders/actions.ts#updateSenderAction": {
    allowed: SENDER_EDITORS,
    input: async (f) => ({ senderId: await f.requestedSender(), purpose: "Updated by the matrix" }),
  },
  "app/(dashboard)/senders/actions.ts#decideSenderAction": {
    allowed: APPROVERS,
    input: async (f) => ({ senderId: await f.requestedSender(), decision: "approve", revision: 1, comment: reason }),
  },
  "app/(dashboard)/senders/actions.ts#decideChangeRequestAction": {
    allowed: APPROVERS,
    input: async (f) => ({ ...(await f.pendingChange()), decision: "approve", comment: reason }),
  },
  "app/(dashboard)/senders/actions.ts#withdrawChangeRequestAction": {
    allowed: SENDER_EDITORS,
    input: async (f) => {
      const { senderId, requestId } = await f.pendingChange();
      return { senderId, requestId };
    },
    note: "any sender editor may withdraw: it only keeps what was approved",
  },
  "app/(dashboard)/senders/actions.ts#changeSenderStatusAction": {
    allowed: APPROVERS,
    input: async (f) => ({ senderId: await f.approvedSender(), action: "activate" }),
  },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#issueCredentialAction": {
    allowed: ISSUERS,
    input: async (f) => ({ senderId: await f.activeSender() }),
  },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#rotateCredentialAction": {
    allowed: ISSUERS,
    input: async (f) => ({ credentialId: await f.credential(), overlapHours: "0" }),
  },
  "app/(dashboard)/senders/[id]/credentials-actions.ts#revokeCredentialAction": {
    allowed: REVOKERS,
    input: async (f) => ({ credentialId: await f.credential(), reason }),
  },
  "app/(dashboard)/senders/[id]/misuse-actions.ts#setMisuseReactionAction": {
    allowed: ENGAGERS,
    input: async (f) => ({ senderId: await f.activeSender(), rule: "volume_spike", reaction: "suspend" }),
    note: "auto-suspend engages a kill switch: set by those who may engage one",
  },
  "app/(dashboard)/kill-switch/actions.ts#engageKillSwitchAction": {
    allowed: ENGAGERS,
    input: async (f) => ({ scope: "sender", targetId: await f.activeSender(), reason }),
  },
  "app/(dashboard)/kill-switch/actions.ts#releaseKillSwitchAction": {
    allowed: ENGAGERS,
    input: async (f) => ({ killSwitchId: await f.engagedKillSwitch(), reason }),
  },
  "app/(dashboard)/kill-switch/actions.ts#describeKillSwitchImpactAction": {
    allowed: EVERY_ROLE,
    input: () => ({ scope: "global" }),
    note: "read-only: what an engage would stop",
  },
  "app/(dashboard)/relays/actions.ts#registerRelayAction": {
    allowed: RELAY_REGISTRARS,
    input: (f) => ({ name: `matrix-${f.unique()}` }),
  },
  "app/(dashboard)/relays/actions.ts#revokeRelayAction": {
    allowed: RELAY_MANAGERS,
    input: async (f) => ({ relayId: await f.relay(), reason }),
  },
  "app/(dashboard)/relays/actions.ts#revokeRelayAndRotateKeysAction": {
    allowed: RELAY_MANAGERS,
    input: async (f) => ({ ...(await namedRelay(f)), reason }),
  },
  "app/(dashboard)/complaints/actions.ts#uploadComplaintAction": {
    allowed: COMPLAINT_SUBMITTERS,
    input: (f) => ({ reports: [{ name: "matrix.eml", content: arfSample(f.unique()) }] }),
  },
  "app/(dashboard)/posture/actions.ts#checkDomainAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({ domainId: (await f.domain()).id }),
  },
  "app/(dashboard)/posture/actions.ts#uploadDmarcReportAction": {
    allowed: DOMAIN_MANAGERS,
    input: (f) => ({ contentBase64: Buffer.from(f.dmarcReport()).toString("base64") }),
  },
  "app/(dashboard)/posture/actions.ts#markSourceAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({
      domainId: (await f.domain()).id,
      sourceIp: "203.0.113.50",
      verdict: "spoofing",
      note: reason,
    }),
  },
  "app/(dashboard)/posture/actions.ts#clearSourceMarkAction": {
    allowed: DOMAIN_MANAGERS,
    input: async (f) => ({ ...(await f.markedSource()), reason }),
  },
  "app/(dashboard)/suppressions/actions.ts#addSuppressionAction": {
    allowed: SUPPRESSION_MANAGERS,
    input: (f) => ({ address: `matrix-${f.unique()}@example.com`, reason }),
  },
  "app/(dashboard)/suppressions/actions.ts#removeSuppressionAction": {
    allowed: SUPPRESSION_MANAGERS,
    input: async (f) => ({ suppressionId: await f.suppression(), reason }),
  },
  "app/(dashboard)/quarantine/actions.ts#requestReleaseAction": {
    allowed: RELEASERS,
    input: async (f) => ({ quarantineId: (await f.heldMessage()).id, reason }),
  },
  "app/(dashboard)/quarantine/actions.ts#approveReleaseAction": {
    allowed: RELEASERS,
    input: async (f) => ({ quarantineId: (await f.releaseRequested()).id, comment: reason }),
    note: "the releaser (a third person) requested it: four-eyes never hides the refusal",
  },
  "app/(dashboard)/quarantine/actions.ts#rejectReleaseAction": {
    allowed: RELEASERS,
    input: async (f) => ({ quarantineId: (await f.releaseRequested()).id, comment: reason }),
  },
  "app/(dashboard)/quarantine/actions.ts#deleteQuarantinedAction": {
    allowed: QUARANTINE_DELETERS,
    input: async (f) => ({ quarantineId: (await f.heldMessage()).id, reason }),
  },
  "app/(dashboard)/content/actions.ts#createContentProfileAction": {
    allowed: CONTENT_MANAGERS,
    input: (f) => ({ name: `Matrix profile ${f.unique()}` }),
  },
  "app/(dashboard)/content/actions.ts#updateContentProfileAction": {
    allowed: CONTENT_MANAGERS,
    input: async (f) => ({ profileId: await f.contentProfile(), description: `Edited ${f.unique()}` }),
  },
  "app/(dashboard)/content/actions.ts#deleteContentProfileAction": {
    allowed: CONTENT_MANAGERS,
    input: async (f) => ({ profileId: await f.contentProfile() }),
  },
  "app/(dashboard)/content/actions.ts#createDlpRuleAction": {
    allowed: CONTENT_MANAGERS,
    input: async (f) => ({ profileId: await f.contentProfile(), name: "Matrix rule", detector: "iban", action: "tag" }),
  },
  "app/(dashboard)/content/actions.ts#updateDlpRuleAction": {
    allowed: CONTENT_MANAGERS,
    input: async (f) => ({ ...(await f.dlpRule()), enabled: false }),
  },
  "app/(dashboard)/content/actions.ts#deleteDlpRuleAction": {
    allowed: CONTENT_MANAGERS,
    input: (f) => f.dlpRule(),
  },
  "app/(dashboard)/content/actions.ts#reorderDlpRulesAction": {
    allowed: CONTENT_MANAGERS,
    input: async (f) => {
      const { profileId, ruleId } = await f.dlpRule();
      return { profileId, ruleIds: [ruleId] };
    },
    note: "the same order again: allowed callers succeed without a change",
  },
  "app/(dashboard)/content/actions.ts#dryRunDlpAction": {
    allowed: CONTENT_READERS,
    input: async (f) => ({ profileId: await f.contentProfile(), sample: { text: "matrix sample" } }),
    note: "read-only: the sample is neither stored nor audited",
  },
  "app/(dashboard)/recertification/actions.ts#startCampaignAction": {
    allowed: RECERTIFIERS,
    // Every demo sender is due within 400 days (review date one year after the seed).
    input: () => ({ dueWithinDays: 400 }),
    note: "mails each due owner a single-use link through the relay (a refused mail is recorded, not an error)",
  },
  "app/recertify/actions.ts#answerRecertificationAction": {
    allowed: "public",
    note: "a sender owner answers from the link in their mail, no sign-in: the single-use token is the authorization",
  },
  "app/(dashboard)/settings/actions.ts#updateSettingAction": {
    allowed: SETTINGS_MANAGERS,
    input: (f) => ({ key: "dmarc.reportEmail", value: `dmarc-${f.unique()}@example.com` }),
  },
  // Single sign-on settings: the provider is left off (no issuer) so the other tests see no SSO button.
  "app/(dashboard)/settings/sso-actions.ts#saveSsoProviderAction": {
    allowed: SETTINGS_MANAGERS,
    input: (f) => ({
      issuer: "",
      clientId: "",
      clientSecret: "",
      scopes: "openid email profile",
      label: `m-${f.unique()}`,
    }),
  },
  "app/(dashboard)/settings/sso-actions.ts#saveSsoMappingAction": {
    allowed: SETTINGS_MANAGERS,
    input: (f) => ({ claim: "groups", rules: [{ group: `matrix-${f.unique()}`, role: "auditor" }] }),
  },
  "app/(dashboard)/settings/sso-actions.ts#saveSsoRecheckAction": {
    allowed: SETTINGS_MANAGERS,
    input: () => ({ minutes: 5 }),
  },
  "app/(login)/sign-in/sso-actions.ts#ssoSignInAction": {
    allowed: "public",
    note: "starts single sign-on (redirect to the provider, or back to sign-in while SSO is off)",
  },
  "app/(login)/sign-in/sso-actions.ts#ssoReauthAction": {
    allowed: "public",
    note: "step-up for an SSO session: back to the provider with prompt=login; without an SSO session only a redirect back (same-origin path)",
  },
};

export interface RouteMutationSpec {
  allowed: Allowed;
  // Path (with fresh ids) and body of a call that succeeds for an allowed caller: JSON, or a raw
  // string with its content type (reports).
  request?: (f: Fixtures) => Promise<{ path: string; body: unknown; contentType?: string }>;
  // For a relay-token route: a call that succeeds with this relay token (fresh state every call).
  relayRequest?: (f: Fixtures) => Promise<{ path: string; body: unknown; relayToken: string; status?: number }>;
  note?: string;
}

// "METHOD file" of every route handler that changes state.
export const ROUTE_MUTATIONS: Record<string, RouteMutationSpec> = {
  "POST app/api/auth/[...nextauth]/route.ts": {
    allowed: "public",
    note: "next-auth: CSRF-protected sign-in/sign-out endpoints",
  },
  "DELETE app/api/v1/users/[id]/sessions/route.ts": {
    allowed: ["admin"],
    request: async (f) => ({ path: `/api/v1/users/${f.targetUserId}/sessions`, body: { reason } }),
  },
  "POST app/api/v1/senders/[id]/credentials/route.ts": {
    allowed: ISSUERS,
    request: async (f) => ({ path: `/api/v1/senders/${await f.activeSender()}/credentials`, body: {} }),
  },
  "POST app/api/v1/credentials/[id]/rotate/route.ts": {
    allowed: ISSUERS,
    request: async (f) => ({ path: `/api/v1/credentials/${await f.credential()}/rotate`, body: { overlapHours: 0 } }),
  },
  "POST app/api/v1/credentials/[id]/revoke/route.ts": {
    allowed: REVOKERS,
    request: async (f) => ({ path: `/api/v1/credentials/${await f.credential()}/revoke`, body: { reason } }),
  },
  "POST app/api/v1/kill-switches/route.ts": {
    allowed: ENGAGERS,
    request: async (f) => ({
      path: "/api/v1/kill-switches",
      body: { scope: "sender", targetId: await f.activeSender(), reason },
    }),
  },
  "POST app/api/v1/kill-switches/[id]/release/route.ts": {
    allowed: ENGAGERS,
    request: async (f) => ({ path: `/api/v1/kill-switches/${await f.engagedKillSwitch()}/release`, body: { reason } }),
  },
  "POST app/api/v1/senders/route.ts": {
    allowed: SENDER_EDITORS,
    request: async (f) => ({ path: "/api/v1/senders", body: f.senderInput((await f.domain()).id) }),
  },
  "PATCH app/api/v1/senders/[id]/route.ts": {
    allowed: SENDER_EDITORS,
    request: async (f) => ({
      path: `/api/v1/senders/${await f.requestedSender()}`,
      body: { purpose: "Updated through the API" },
    }),
  },
  "POST app/api/v1/senders/[id]/decision/route.ts": {
    allowed: APPROVERS,
    request: async (f) => ({
      path: `/api/v1/senders/${await f.requestedSender()}/decision`,
      body: { decision: "approve", revision: 1, comment: reason },
    }),
  },
  "POST app/api/v1/senders/[id]/change-requests/[requestId]/decision/route.ts": {
    allowed: APPROVERS,
    request: async (f) => {
      const { senderId, requestId, revision } = await f.pendingChange();
      return {
        path: `/api/v1/senders/${senderId}/change-requests/${requestId}/decision`,
        body: { decision: "approve", revision, comment: reason },
      };
    },
  },
  "POST app/api/v1/senders/[id]/change-requests/[requestId]/withdraw/route.ts": {
    allowed: SENDER_EDITORS,
    request: async (f) => {
      const { senderId, requestId } = await f.pendingChange();
      return { path: `/api/v1/senders/${senderId}/change-requests/${requestId}/withdraw`, body: {} };
    },
  },
  "POST app/api/v1/senders/[id]/status/route.ts": {
    allowed: APPROVERS,
    request: async (f) => ({
      path: `/api/v1/senders/${await f.approvedSender()}/status`,
      body: { action: "activate" },
    }),
  },
  "POST app/api/v1/domains/route.ts": {
    allowed: DOMAIN_MANAGERS,
    request: async (f) => ({
      path: "/api/v1/domains",
      body: { domain: `m${f.unique()}.example.com`, algorithm: "ed25519" },
    }),
  },
  "POST app/api/v1/domains/[id]/dkim-keys/route.ts": {
    allowed: DOMAIN_MANAGERS,
    request: async (f) => ({
      path: `/api/v1/domains/${(await f.domain()).id}/dkim-keys`,
      body: { algorithm: "ed25519" },
    }),
  },
  "POST app/api/v1/domains/[id]/dkim-keys/rotate/route.ts": {
    allowed: DOMAIN_MANAGERS,
    request: async (f) => ({
      path: `/api/v1/domains/${(await f.domain()).id}/dkim-keys/rotate`,
      body: { algorithm: "ed25519", overlapDays: 1 },
    }),
  },
  "POST app/api/v1/dkim-keys/[id]/retire/route.ts": {
    allowed: DOMAIN_MANAGERS,
    request: async (f) => ({ path: `/api/v1/dkim-keys/${await f.stagedKey()}/retire`, body: { reason } }),
  },
  "POST app/api/v1/relays/[id]/revoke-and-rotate/route.ts": {
    allowed: RELAY_MANAGERS,
    request: async (f) => {
      const { relayId, confirmName } = await namedRelay(f);
      return { path: `/api/v1/relays/${relayId}/revoke-and-rotate`, body: { confirmName, reason } };
    },
  },
  "POST app/api/v1/complaints/route.ts": {
    allowed: COMPLAINT_SUBMITTERS,
    request: async (f) => ({ path: "/api/v1/complaints", body: arfSample(f.unique()), contentType: "message/rfc822" }),
  },
  "POST app/api/v1/dmarc-reports/route.ts": {
    allowed: DOMAIN_MANAGERS,
    request: async (f) => ({ path: "/api/v1/dmarc-reports", body: f.dmarcReport(), contentType: "application/xml" }),
  },
  "POST app/api/v1/quarantine/[id]/release-request/route.ts": {
    allowed: RELEASERS,
    request: async (f) => ({
      path: `/api/v1/quarantine/${(await f.heldMessage()).id}/release-request`,
      body: { reason },
    }),
  },
  "POST app/api/v1/quarantine/[id]/release-approve/route.ts": {
    allowed: RELEASERS,
    request: async (f) => ({
      path: `/api/v1/quarantine/${(await f.releaseRequested()).id}/release-approve`,
      body: { comment: reason },
    }),
  },
  "POST app/api/v1/quarantine/[id]/release-reject/route.ts": {
    allowed: RELEASERS,
    request: async (f) => ({
      path: `/api/v1/quarantine/${(await f.releaseRequested()).id}/release-reject`,
      body: { comment: reason },
    }),
  },
  "POST app/api/v1/quarantine/[id]/delete/route.ts": {
    allowed: QUARANTINE_DELETERS,
    request: async (f) => ({ path: `/api/v1/quarantine/${(await f.heldMessage()).id}/delete`, body: { reason } }),
  },
  "POST app/api/relay/v1/quarantine/route.ts": {
    allowed: "relay-token",
    relayRequest: async (f) => ({
      path: "/api/relay/v1/quarantine",
      body: f.quarantineReport(),
      relayToken: await f.relayToken(),
      status: 201,
    }),
    note: "relays only: every dashboard role is refused (401)",
  },
  "POST app/api/relay/v1/quarantine/[id]/settled/route.ts": {
    allowed: "relay-token",
    relayRequest: async (f) => {
      const { id, relayToken } = await f.releasedMessage();
      return {
        path: `/api/relay/v1/quarantine/${id}/settled`,
        body: { outcome: "released", at: new Date().toISOString() },
        relayToken,
      };
    },
    note: "relays only, and only the holding relay (another relay's token: 404)",
  },
  "POST app/api/v1/content-profiles/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => ({ path: "/api/v1/content-profiles", body: { name: `Matrix profile ${f.unique()}` } }),
  },
  "PATCH app/api/v1/content-profiles/[id]/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => ({
      path: `/api/v1/content-profiles/${await f.contentProfile()}`,
      body: { description: `Edited ${f.unique()}` },
    }),
  },
  "DELETE app/api/v1/content-profiles/[id]/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => ({ path: `/api/v1/content-profiles/${await f.contentProfile()}`, body: {} }),
  },
  "POST app/api/v1/content-profiles/[id]/rules/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => ({
      path: `/api/v1/content-profiles/${await f.contentProfile()}/rules`,
      body: { name: "Matrix rule", detector: "card", action: "quarantine" },
    }),
  },
  "POST app/api/v1/content-profiles/[id]/rules/reorder/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => {
      const { profileId, ruleId } = await f.dlpRule();
      return { path: `/api/v1/content-profiles/${profileId}/rules/reorder`, body: { ruleIds: [ruleId] } };
    },
  },
  "PATCH app/api/v1/content-profiles/[id]/rules/[ruleId]/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => {
      const { profileId, ruleId } = await f.dlpRule();
      return { path: `/api/v1/content-profiles/${profileId}/rules/${ruleId}`, body: { enabled: false } };
    },
  },
  "DELETE app/api/v1/content-profiles/[id]/rules/[ruleId]/route.ts": {
    allowed: CONTENT_MANAGERS,
    request: async (f) => {
      const { profileId, ruleId } = await f.dlpRule();
      return { path: `/api/v1/content-profiles/${profileId}/rules/${ruleId}`, body: {} };
    },
  },
  "POST app/api/v1/content-profiles/[id]/dry-run/route.ts": {
    allowed: CONTENT_READERS,
    request: async (f) => ({
      path: `/api/v1/content-profiles/${await f.contentProfile()}/dry-run`,
      body: { sample: { text: "matrix sample" } },
    }),
    note: "read-only: the sample is neither stored nor audited",
  },
  "POST app/api/v1/suppressions/route.ts": {
    allowed: SUPPRESSION_MANAGERS,
    request: async (f) => ({
      path: "/api/v1/suppressions",
      body: { address: `matrix-${f.unique()}@example.com`, reason },
    }),
  },
  "DELETE app/api/v1/suppressions/[id]/route.ts": {
    allowed: SUPPRESSION_MANAGERS,
    request: async (f) => ({ path: `/api/v1/suppressions/${await f.suppression()}`, body: { reason } }),
  },
  "POST app/api/relay/v1/events/route.ts": {
    allowed: "relay-token",
    note: "relays only: every dashboard role is refused (401)",
  },
  "POST app/api/relay/v1/heartbeat/route.ts": {
    allowed: "relay-token",
    note: "relays only: every dashboard role is refused (401)",
  },
};
