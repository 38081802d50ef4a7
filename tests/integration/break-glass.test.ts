import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { authenticate } from "@/lib/auth/authenticate";
import { breakGlassInUse, LOCAL_SIGN_IN_OFF_MESSAGE, localSignInWarning, setBreakGlass } from "@/lib/auth/break-glass";
import { getSetting, setSetting } from "@/lib/settings/settings";
import { changeUserRole, disableUser } from "@/lib/users/update-user";
import { makeActor } from "../support/actors";

const PASSWORD = "correct horse battery staple";
let ipCounter = 0;
const ip = () => `198.51.100.${++ipCounter}`;

async function auditOf(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

afterEach(() => {
  delete process.env.SSO_ISSUER;
});

// One story, in order: the switch is refused without a break-glass admin, then only that admin
// signs in with a password.
describe("local sign-in off except break-glass", () => {
  it("lets everyone sign in with a password by default", async () => {
    const comms = await makeActor("comms");
    expect(await getSetting("auth.localSignIn")).toBe("everyone");
    expect((await authenticate({ email: comms.label, password: PASSWORD, ip: ip() })).id).toBe(comms.id);
    expect(await auditOf("auth.break_glass_sign_in", comms.id!)).toHaveLength(0);
  });

  it("refuses to switch local sign-in off while no active break-glass admin exists", async () => {
    const admin = await makeActor("admin");
    await expect(
      setSetting({ actor: admin, key: "auth.localSignIn", value: "break_glass_only" }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("no active break-glass admin") });
    expect(await getSetting("auth.localSignIn")).toBe("everyone");
    // A disabled break-glass admin does not count.
    const disabled = await makeActor("admin");
    await setBreakGlass({ actor: admin, input: { userId: disabled.id!, breakGlass: true } });
    await getDb().update(users).set({ status: "disabled" }).where(eq(users.id, disabled.id!));
    await expect(
      setSetting({ actor: admin, key: "auth.localSignIn", value: "break_glass_only" }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("marks only local admins as break-glass, audited", async () => {
    const admin = await makeActor("admin");
    const security = await makeActor("security");
    await expect(
      setBreakGlass({ actor: admin, input: { userId: security.id!, breakGlass: true } }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Only an admin") });
    const sso = await makeActor("admin");
    await getDb().update(users).set({ source: "oidc", passwordHash: null }).where(eq(users.id, sso.id!));
    await expect(setBreakGlass({ actor: admin, input: { userId: sso.id!, breakGlass: true } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("local account"),
    });
    const glass = await makeActor("admin");
    const marked = await setBreakGlass({ actor: admin, input: { userId: glass.id!, breakGlass: true } });
    expect(marked.breakGlass).toBe(true);
    const [entry] = await auditOf("user.break_glass_mark", glass.id!);
    expect(entry).toMatchObject({ actorId: admin.id, after: { breakGlass: true }, before: { breakGlass: false } });
  });

  it("with local sign-in off, refuses every password sign-in but the break-glass admin's, and audits its use", async () => {
    const admin = await makeActor("admin");
    const glass = await makeActor("admin");
    await setBreakGlass({ actor: admin, input: { userId: glass.id!, breakGlass: true } });
    await setSetting({ actor: admin, key: "auth.localSignIn", value: "break_glass_only" });
    expect(await getSetting("auth.localSignIn")).toBe("break_glass_only");

    const comms = await makeActor("comms");
    for (const attempt of [
      { email: comms.label, password: PASSWORD },
      { email: comms.label, password: "wrong" },
      { email: admin.label, password: PASSWORD },
      { email: "nobody@test.local", password: PASSWORD },
    ]) {
      await expect(authenticate({ ...attempt, ip: ip() })).rejects.toMatchObject({
        code: "forbidden",
        message: LOCAL_SIGN_IN_OFF_MESSAGE,
      });
    }
    const refused = await auditOf("auth.sign_in_failed", comms.label);
    expect(refused.map((e) => e.reason)).toEqual(["local sign-in is off", "local sign-in is off"]);
    expect(await auditOf("auth.sign_in", comms.id!)).toHaveLength(0);

    await expect(authenticate({ email: glass.label, password: "wrong", ip: ip() })).rejects.toMatchObject({
      code: "unauthenticated",
    });
    expect((await authenticate({ email: glass.label, password: PASSWORD, ip: ip() })).id).toBe(glass.id);
    expect(await auditOf("auth.sign_in", glass.id!)).toHaveLength(1);
    expect(await auditOf("auth.break_glass_sign_in", glass.id!)).toHaveLength(1);

    // The banner: a break-glass user signed in with a password, never through single sign-on.
    expect(await breakGlassInUse({ breakGlass: true }, { method: "password" })).toBe(true);
    expect(await breakGlassInUse({ breakGlass: true }, { method: "oidc" })).toBe(false);
    expect(await breakGlassInUse({ breakGlass: false }, { method: "password" })).toBe(false);

    // A break-glass admin demoted since is refused too.
    await getDb().update(users).set({ role: "security" }).where(eq(users.id, glass.id!));
    await expect(authenticate({ email: glass.label, password: PASSWORD, ip: ip() })).rejects.toMatchObject({
      code: "forbidden",
    });
    await getDb().update(users).set({ role: "admin" }).where(eq(users.id, glass.id!));
  });

  it("warns when single sign-on is not configured", async () => {
    expect(await localSignInWarning()).toMatch(/Single sign-on is not configured/);
    process.env.SSO_ISSUER = "https://idp.example.com";
    expect(await localSignInWarning()).toBeNull();
    delete process.env.SSO_ISSUER;
    await setSettingRaw("sso.provider", {
      issuer: "https://idp.example.com",
      clientId: "switchyard",
      clientSecretSealed: "",
      scopes: "openid email profile",
      label: "",
    });
    expect(await localSignInWarning()).toBeNull();
  });

  it("refuses to unmark the last break-glass admin while local sign-in is off", async () => {
    const admin = await makeActor("admin");
    const glassAdmins = await getDb().select().from(users).where(eq(users.breakGlass, true));
    const active = glassAdmins.filter((u) => u.status === "active" && u.role === "admin");
    expect(active).toHaveLength(2);
    // One of two may go; the last may not.
    await setBreakGlass({ actor: admin, input: { userId: active[0].id, breakGlass: false } });
    await expect(
      setBreakGlass({ actor: admin, input: { userId: active[1].id, breakGlass: false } }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last break-glass admin") });
    // Nor demoted or disabled: nobody could sign in with a password any more.
    await expect(
      changeUserRole({ actor: admin, input: { userId: active[1].id, role: "security" } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("demote the last break-glass admin"),
    });
    await expect(
      disableUser({ actor: admin, input: { userId: active[1].id, reason: "left the company" } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("disable the last break-glass admin"),
    });
    await setSetting({ actor: admin, key: "auth.localSignIn", value: "everyone" });
    const unmarked = await setBreakGlass({ actor: admin, input: { userId: active[1].id, breakGlass: false } });
    expect(unmarked.breakGlass).toBe(false);
    expect(await auditOf("user.break_glass_unmark", active[1].id)).toHaveLength(1);
    expect(await breakGlassInUse({ breakGlass: true }, { method: "password" })).toBe(false);
  });
});

// The SSO provider setting, written directly as the SSO section of the Settings page stores it.
async function setSettingRaw(key: string, value: unknown) {
  const { settings } = await import("@/db/schema");
  await getDb()
    .insert(settings)
    .values({ key, value, updatedBy: SYSTEM_ACTOR.id })
    .onConflictDoUpdate({ target: settings.key, set: { value } });
}
