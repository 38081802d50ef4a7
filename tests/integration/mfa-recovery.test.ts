// Recovery for a lost authenticator: a user regenerates their recovery codes with a current code,
// and an admin resets another user's two-factor (step-up, reason, sessions end), through the real
// domain and server actions (auth() answers the claims of a session row started here).
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, mfaRecoveryCodes, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { authenticate } from "@/lib/auth/authenticate";
import { totpCode } from "@/lib/auth/mfa/totp";
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

async function audit(targetId: string, action: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, targetId), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.seq));
}

// Enrolled two steps ago, so the current step's code is still unused.
const enrol = (actor: Actor) => enrolTotp(actor, new Date(Date.now() - 2 * STEP_MS));

async function signedInAs(actor: Actor): Promise<string> {
  const { id } = await startSession({
    userId: actor.id!,
    method: "password",
    ip: null,
    userAgent: null,
    mfaVerified: false,
  });
  claims.current = { uid: actor.id!, sid: id, sv: (await userRow(actor.id!)).sessionVersion };
  return id;
}

const signIn = (actor: Actor, code?: string) =>
  authenticate({ email: actor.label, password: PASSWORD, code, ip: null });

beforeAll(async () => {
  await setSetting({ actor: SYSTEM_ACTOR, key: "mfa.requiredRoles", value: [] });
});
beforeEach(() => {
  claims.current = null;
});

describe("regenerating recovery codes", () => {
  it("needs a current authenticator code; old codes stop working, new ones work once; audited", async () => {
    const { regenerateRecoveryCodesAction } = await import("@/app/(dashboard)/account/mfa/actions");
    const actor = await makeActor("infra");
    const { secret, recoveryCodes: old } = await enrol(actor);
    await signedInAs(actor);

    const right = totpCode(secret);
    const wrong = right === "000000" ? "000001" : "000000";
    expect(await regenerateRecoveryCodesAction({ code: wrong })).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    // A recovery code does not do (it is not what the schema takes).
    expect(await regenerateRecoveryCodesAction({ code: old[0] })).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    expect(await audit(actor.id!, "auth.mfa_recovery_codes_regenerated")).toEqual([]);
    expect((await audit(actor.id!, "auth.mfa_failed")).length).toBe(1);

    const result = await regenerateRecoveryCodesAction({ code: right });
    expect(result).toMatchObject({ ok: true });
    const fresh = (result as { data: { recoveryCodes: string[] } }).data.recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    const stored = await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actor.id!));
    expect(stored).toHaveLength(10);
    for (const code of fresh) expect(stored.some((s) => s.verifier.includes(code.replace("-", "")))).toBe(false);
    const [entry] = await audit(actor.id!, "auth.mfa_recovery_codes_regenerated");
    expect(entry.after).toEqual({ recoveryCodes: 10 });
    expect(JSON.stringify(entry)).not.toContain(fresh[0]);

    // The same TOTP code cannot be replayed for another regeneration.
    expect(await regenerateRecoveryCodesAction({ code: right })).toMatchObject({ ok: false });

    await expect(signIn(actor, old[1])).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(signIn(actor, fresh[0])).resolves.toMatchObject({ mfaVerified: true });
    await expect(signIn(actor, fresh[0])).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("is refused when two-factor is off", async () => {
    const { regenerateRecoveryCodesAction } = await import("@/app/(dashboard)/account/mfa/actions");
    const actor = await makeActor("comms");
    await signedInAs(actor);
    expect(await regenerateRecoveryCodesAction({ code: "123456" })).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("an admin resets another user's two-factor", () => {
  async function ageSignIn(sessionId: string, minutes: number) {
    await db()
      .update(userSessions)
      .set({ authenticatedAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(userSessions.id, sessionId));
  }

  it("needs step-up and a reason; clears the secret and codes, ends their sessions; audited", async () => {
    const { resetUserMfaAction } = await import("@/app/(dashboard)/users/actions");
    const target = await makeActor("security");
    const { recoveryCodes } = await enrol(target);
    const targetSession = await signedInAs(target);
    const admin = await makeActor("admin");
    const adminSession = await signedInAs(admin);

    expect(await resetUserMfaAction({ userId: target.id!, reason: "" })).toMatchObject({
      ok: false,
      code: "validation_failed",
    });
    await ageSignIn(adminSession, 60);
    expect(await resetUserMfaAction({ userId: target.id!, reason: "lost their phone" })).toMatchObject({
      ok: false,
      code: "step_up_required",
    });
    expect((await userRow(target.id!)).totpEnrolledAt).not.toBeNull();

    await ageSignIn(adminSession, 0);
    expect(await resetUserMfaAction({ userId: target.id!, reason: "lost their phone" })).toMatchObject({
      ok: true,
      data: { userId: target.id },
    });
    const row = await userRow(target.id!);
    expect(row).toMatchObject({ totpSecretSealed: null, totpEnrolledAt: null, totpLastStep: null });
    expect(await db().select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, target.id!))).toEqual([]);
    const [session] = await db().select().from(userSessions).where(eq(userSessions.id, targetSession));
    expect(session.revokedAt).not.toBeNull();
    const [entry] = await audit(target.id!, "auth.mfa_reset");
    expect(entry).toMatchObject({ reason: "lost their phone", actorLabel: admin.label });
    // The admin's own session goes on.
    const [own] = await db().select().from(userSessions).where(eq(userSessions.id, adminSession));
    expect(own.revokedAt).toBeNull();
    // The password alone signs them in now; the old recovery codes are gone.
    await expect(signIn(target)).resolves.toMatchObject({ id: target.id });
    expect(recoveryCodes).toHaveLength(10);
  });

  it("is refused on oneself and to other roles", async () => {
    const { resetUserMfaAction } = await import("@/app/(dashboard)/users/actions");
    const admin = await makeActor("admin");
    await enrol(admin);
    await signedInAs(admin);
    expect(await resetUserMfaAction({ userId: admin.id!, reason: "myself" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await userRow(admin.id!)).totpEnrolledAt).not.toBeNull();
    const security = await makeActor("security");
    await signedInAs(security);
    expect(await resetUserMfaAction({ userId: admin.id!, reason: "not mine to do" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await userRow(admin.id!)).totpEnrolledAt).not.toBeNull();
  });
});
