// TOTP enrolment, sign-in with a second factor, the required-role gate and step-up, through the
// real domain, guards and server actions (next-auth's auth() answers the claims of a session row
// started here; next/headers and next/cache are stubbed: there is no request outside Next).
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, killSwitches, mfaRecoveryCodes, signInThrottle, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { authenticate } from "@/lib/auth/authenticate";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/auth/mfa/enrol-totp";
import { MFA_SETUP_FIRST, mfaSetupPending } from "@/lib/auth/mfa/mfa-gate";
import { totpCode, totpStep } from "@/lib/auth/mfa/totp";
import { startSession } from "@/lib/auth/sessions/start-session";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { enrolTotp } from "../support/mfa";

const claims: { current: { uid: string; sid: string; sv: number } | null } = { current: null };
vi.mock("@/auth", () => ({ auth: async () => claims.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-switchyard-client-ip": "203.0.113.9" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const PASSWORD = "correct horse battery staple";
const STEP_MS = 30_000;
const db = () => getDb();

async function userRow(id: string) {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await db()
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, targetId))
    .orderBy(desc(auditLog.seq));
  return rows.map((r) => r.action);
}

// Signs the actor in as the browser would end up: a session row and its claims.
async function signedInAs(actor: Actor, method: "password" | "oidc" = "password"): Promise<string> {
  const { id } = await startSession({ userId: actor.id!, method, ip: null, userAgent: null, mfaVerified: false });
  claims.current = { uid: actor.id!, sid: id, sv: (await userRow(actor.id!)).sessionVersion };
  return id;
}

const signIn = (actor: Actor, code?: string) =>
  authenticate({ email: actor.label, password: PASSWORD, code, ip: null });

beforeEach(() => {
  claims.current = null;
});

describe("TOTP enrolment", () => {
  it("needs a first valid code, seals the secret, stores recovery codes only as verifiers, audits", async () => {
    const actor = await makeActor("infra");
    const enrolment = await startTotpEnrolment({ id: actor.id!, email: actor.label });
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    const sessionId = await signedInAs(actor);
    const wrong = String((Number(totpCode(enrolment.secret)) + 1) % 1_000_000).padStart(6, "0");
    await expect(
      confirmTotpEnrolment({ actor, userId: actor.id!, sessionId, input: { pending: enrolment.pending, code: wrong } }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    // Another user's pending enrolment does not open for this one.
    const other = await makeActor("infra");
    await expect(
      confirmTotpEnrolment({
        actor: other,
        userId: other.id!,
        sessionId,
        input: { pending: enrolment.pending, code: totpCode(enrolment.secret) },
      }),
    ).rejects.toMatchObject({ code: "bad_request" });

    const { recoveryCodes } = await confirmTotpEnrolment({
      actor,
      userId: actor.id!,
      sessionId,
      input: { pending: enrolment.pending, code: totpCode(enrolment.secret) },
    });
    expect(recoveryCodes).toHaveLength(10);
    const row = await userRow(actor.id!);
    expect(row.totpEnrolledAt).not.toBeNull();
    expect(row.totpSecretSealed).not.toContain(enrolment.secret);
    expect(row.totpLastStep).toBe(totpStep());
    const stored = await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actor.id!));
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes)
      expect(stored.some((s) => s.verifier.includes(code.replace("-", "")))).toBe(false);
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(session.mfaVerifiedAt).not.toBeNull();
    expect(await auditActions(actor.id!)).toContain("auth.mfa_enrolled");
  });
});

describe("sign-in with a second factor", () => {
  let actor: Actor;
  let secret: string;
  let recoveryCodes: string[];
  // Enrolled two steps ago, so the codes of the current step are still unused.
  beforeAll(async () => {
    actor = await makeActor("security");
    ({ secret, recoveryCodes } = await enrolTotp(actor, new Date(Date.now() - 2 * STEP_MS)));
  });

  it("asks for the code after a right password, without counting a failure", async () => {
    await expect(signIn(actor)).rejects.toMatchObject({ code: "mfa_required" });
    const throttled = await db()
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.key, `account:${actor.label}`));
    expect(throttled).toEqual([]);
  });

  it("refuses a wrong code (counted by the throttle, audited as auth.mfa_failed)", async () => {
    const right = totpCode(secret);
    const wrong = right === "000000" ? "000001" : "000000";
    await expect(signIn(actor, wrong)).rejects.toMatchObject({ code: "unauthenticated" });
    const [row] = await db()
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.key, `account:${actor.label}`));
    expect(row.failures).toBe(1);
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.mfa_failed"), eq(auditLog.targetId, actor.label)));
    expect(entry).toBeDefined();
  });

  it("signs in with the current code (mfaVerified), then refuses the same code again within its window", async () => {
    const code = totpCode(secret);
    const user = await signIn(actor, code);
    expect(user.mfaVerified).toBe(true);
    await expect(signIn(actor, code)).rejects.toMatchObject({ code: "unauthenticated" });
    // The previous step's code is older than the one used: refused too.
    await expect(signIn(actor, totpCode(secret, Date.now() - STEP_MS))).rejects.toMatchObject({
      code: "unauthenticated",
    });
  });

  it("accepts a recovery code once", async () => {
    const [code] = recoveryCodes;
    expect((await signIn(actor, code.toUpperCase())).mfaVerified).toBe(true);
    await expect(signIn(actor, code)).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await auditActions(actor.id!)).toContain("auth.mfa_recovery_code_used");
    const used = await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actor.id!));
    expect(used.filter((r) => r.usedAt)).toHaveLength(1);
  });

  it("locks the account after five wrong codes, even for the right one", async () => {
    const other = await makeActor("security");
    const { secret: otherSecret } = await enrolTotp(other, new Date(Date.now() - 2 * STEP_MS));
    const right = totpCode(otherSecret);
    const wrong = right === "111111" ? "222222" : "111111";
    for (let i = 0; i < 4; i++) await expect(signIn(other, wrong)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(signIn(other, wrong)).rejects.toMatchObject({ code: "too_many_requests" });
    await expect(signIn(other, right)).rejects.toMatchObject({ code: "too_many_requests" });
  });

  it("does not ask a user without TOTP for a code", async () => {
    const plain = await makeActor("comms");
    expect((await signIn(plain)).mfaVerified).toBe(false);
  });
});

describe("roles that require MFA (mfa.requiredRoles)", () => {
  it("lets a required role without TOTP reach only enrolment: 403 from actions and the API, redirect for pages", async () => {
    await setSetting({ actor: SYSTEM_ACTOR, key: "mfa.requiredRoles", value: ["admin", "security"] });
    const { engageKillSwitchAction } = await import("@/app/(dashboard)/kill-switch/actions");
    const { requirePage } = await import("@/lib/auth/page-guard");
    const { POST } = await import("@/app/api/v1/kill-switches/route");
    const admin = await makeActor("admin");
    await signedInAs(admin);

    const refused = await engageKillSwitchAction({ scope: "global", reason: "should not happen" });
    expect(refused).toMatchObject({ ok: false, status: 403, code: "forbidden", message: MFA_SETUP_FIRST });
    await expect(requirePage("overview:read")).rejects.toMatchObject({
      digest: expect.stringContaining("/account/mfa"),
    });
    const api = await POST(
      new Request("http://127.0.0.1/api/v1/kill-switches", {
        method: "POST",
        headers: { origin: "http://127.0.0.1", "content-type": "application/json" },
        body: JSON.stringify({ scope: "global", reason: "should not happen" }),
      }),
    );
    expect(api.status).toBe(403);
    expect(await api.json()).toMatchObject({ error: { code: "forbidden", message: MFA_SETUP_FIRST } });
    expect(await db().select().from(killSwitches)).toEqual([]);

    // The enrolment itself stays reachable: a self-service action answers.
    const { confirmTotpAction } = await import("@/app/(dashboard)/account/mfa/actions");
    const enrolment = await startTotpEnrolment({ id: admin.id!, email: admin.label });
    expect(await confirmTotpAction({ pending: enrolment.pending, code: totpCode(enrolment.secret) })).toMatchObject({
      ok: true,
    });
    // Enrolled: the page guard lets them through.
    await expect(requirePage("overview:read")).resolves.toMatchObject({ user: { id: admin.id } });
  });

  it("exempts single sign-on sessions, roles not listed, and an empty list", async () => {
    await setSetting({ actor: SYSTEM_ACTOR, key: "mfa.requiredRoles", value: ["admin", "security"] });
    const admin = await makeActor("admin");
    const user = { ...(await userRow(admin.id!)), totpEnrolledAt: null };
    const facts = (method: "password" | "oidc") => ({
      id: "x",
      method,
      authenticatedAt: new Date(),
      mfaVerifiedAt: null,
    });
    expect(await mfaSetupPending({ user, session: facts("password") })).toBe(true);
    expect(await mfaSetupPending({ user, session: facts("oidc") })).toBe(false);
    expect(await mfaSetupPending({ user: { ...user, role: "infra" }, session: facts("password") })).toBe(false);
    await setSetting({ actor: SYSTEM_ACTOR, key: "mfa.requiredRoles", value: [] });
    expect(await mfaSetupPending({ user, session: facts("password") })).toBe(false);
  });
});

describe("step-up for dangerous actions", () => {
  beforeAll(async () => {
    await setSetting({ actor: SYSTEM_ACTOR, key: "mfa.requiredRoles", value: [] });
  });

  async function ageSignIn(sessionId: string, minutes: number) {
    await db()
      .update(userSessions)
      .set({ authenticatedAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(userSessions.id, sessionId));
  }

  it("refuses the global kill switch with an old sign-in until the user confirms it's you", async () => {
    const { engageKillSwitchAction, releaseKillSwitchAction } = await import("@/app/(dashboard)/kill-switch/actions");
    const { stepUpAction } = await import("@/app/(dashboard)/_components/step-up-actions");
    const security = await makeActor("security");
    const sessionId = await signedInAs(security);
    await ageSignIn(sessionId, 16);

    const refused = await engageKillSwitchAction({ scope: "global", reason: "incident drill" });
    expect(refused).toMatchObject({ ok: false, status: 403, code: "step_up_required" });
    expect(await db().select().from(killSwitches)).toEqual([]);

    expect(await stepUpAction({ password: "wrong password" })).toMatchObject({ ok: false, status: 401 });
    expect(await auditActions(sessionId)).toContain("auth.step_up_failed");
    expect(await stepUpAction({ password: PASSWORD })).toMatchObject({ ok: true });
    expect(await auditActions(sessionId)).toContain("auth.step_up");
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(Date.now() - session.authenticatedAt.getTime()).toBeLessThan(60_000);

    const engaged = await engageKillSwitchAction({ scope: "global", reason: "incident drill" });
    expect(engaged).toMatchObject({ ok: true });
    const killSwitchId = (engaged as { data: { killSwitch: { id: string } } }).data.killSwitch.id;

    // Releasing it needs the same: refused again once the sign-in is old.
    await ageSignIn(sessionId, 16);
    expect(await releaseKillSwitchAction({ killSwitchId, reason: "drill over" })).toMatchObject({
      code: "step_up_required",
    });
    await ageSignIn(sessionId, 14);
    expect(await releaseKillSwitchAction({ killSwitchId, reason: "drill over" })).toMatchObject({ ok: true });
  });

  it("leaves non-dangerous calls alone and needs the code too when TOTP is enrolled", async () => {
    const { engageKillSwitchAction } = await import("@/app/(dashboard)/kill-switch/actions");
    const { stepUpAction } = await import("@/app/(dashboard)/_components/step-up-actions");
    const { createApiTokenAction } = await import("@/app/(dashboard)/tokens/actions");
    const admin = await makeActor("admin");
    const { secret } = await enrolTotp(admin, new Date(Date.now() - 2 * STEP_MS));
    const sessionId = await signedInAs(admin);
    await ageSignIn(sessionId, 60);

    // A target-scoped switch is not a step-up action (its refusal here is about the target).
    const scoped = await engageKillSwitchAction({
      scope: "sender",
      targetId: "00000000-0000-4000-8000-000000000000",
      reason: "not step-up",
    });
    expect(scoped).toMatchObject({ ok: false });
    expect((scoped as { code: string }).code).not.toBe("step_up_required");
    expect(await createApiTokenAction({ name: "ci", role: "auditor" })).toMatchObject({ ok: true });
    expect(await createApiTokenAction({ name: "ci admin" })).toMatchObject({ code: "step_up_required" });

    expect(await stepUpAction({ password: PASSWORD })).toMatchObject({ ok: false, code: "validation_failed" });
    expect(await stepUpAction({ password: PASSWORD, code: totpCode(secret) })).toMatchObject({
      ok: true,
      data: { mfaVerified: true },
    });
    expect(await createApiTokenAction({ name: "ci admin" })).toMatchObject({ ok: true });
  });

  it("sends single sign-on sessions to their provider, and exempts API tokens", async () => {
    const { stepUpAction } = await import("@/app/(dashboard)/_components/step-up-actions");
    const { requireRecentSignIn } = await import("@/lib/auth/step-up");
    const security = await makeActor("security");
    await signedInAs(security, "oidc");
    expect(await stepUpAction({ password: PASSWORD })).toMatchObject({ ok: false, code: "bad_request" });
    await expect(requireRecentSignIn("api-token", "Engaging the global kill switch")).resolves.toBeUndefined();
    const old = { id: "x", method: "password" as const, authenticatedAt: new Date(0), mfaVerifiedAt: null };
    await expect(requireRecentSignIn(old, "x")).rejects.toMatchObject({ code: "step_up_required" });
  });
});
