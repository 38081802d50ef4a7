import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { createUser } from "@/lib/users/create-user";
import { changeUserRole, disableUser, enableUser, resetUserPassword } from "@/lib/users/update-user";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setUserStatusSchema } from "@/lib/validations/users";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
});

// Raw input, as a form or the CLI sends it, parsed at the edge the way every surface does.
const createRaw = (input: unknown) =>
  atEdge(createUserSchema, input, (parsed) => createUser({ actor: admin, input: parsed }));
const changeRoleRaw = (input: unknown) =>
  atEdge(changeRoleSchema, input, (parsed) => changeUserRole({ actor: admin, input: parsed }));
const disableRaw = (input: unknown) =>
  atEdge(setUserStatusSchema, input, (parsed) => disableUser({ actor: admin, input: parsed }));
const enableRaw = (input: unknown) =>
  atEdge(setUserStatusSchema, input, (parsed) => enableUser({ actor: admin, input: parsed }));
const resetRaw = (input: unknown) =>
  atEdge(resetPasswordSchema, input, (parsed) => resetUserPassword({ actor: admin, input: parsed }));

async function auditFor(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

describe("users", () => {
  it("creates a user with a generated password, hashed with argon2id, audited", async () => {
    const { user, generatedPassword } = await createRaw({
      email: " New.Person@Example.COM ",
      name: "New Person",
      role: "comms",
      password: "",
    });
    expect(user.email).toBe("new.person@example.com");
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [row] = await getDb().select().from(users).where(eq(users.id, user.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.passwordHash!, generatedPassword!)).toBe(true);
    const [entry] = await auditFor("user.create", user.id);
    expect(entry.actorId).toBe(admin.id);
    expect(JSON.stringify(entry.after)).not.toContain("argon2");
  });

  it("names the fields of bad input and refuses duplicates", async () => {
    const bad = await createRaw({ email: "not-an-email", name: "", role: "root", password: "short" }).catch((e) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad.code).toBe("validation_failed");
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["email", "name", "password", "role"]);
    await createRaw({ email: "dup@test.local", name: "Dup", role: "infra" });
    await expect(createRaw({ email: "DUP@test.local", name: "Dup", role: "infra" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("changes roles, but never demotes the last active admin or oneself", async () => {
    const other = await makeActor("comms");
    const changed = await changeRoleRaw({ userId: other.id, role: "security" });
    expect(changed.role).toBe("security");
    expect((await auditFor("user.change_role", other.id!))[0].before).toEqual({ role: "comms" });
    await expect(changeRoleRaw({ userId: admin.id, role: "comms" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("disabling ends sessions (session version bump) and needs a reason", async () => {
    const target = await makeActor("infra");
    await expect(disableRaw({ userId: target.id, reason: "" })).rejects.toMatchObject({ code: "validation_failed" });
    const [before] = await getDb().select().from(users).where(eq(users.id, target.id!));
    const disabled = await disableRaw({ userId: target.id, reason: "left the company" });
    expect(disabled.status).toBe("disabled");
    const [after] = await getDb().select().from(users).where(eq(users.id, target.id!));
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await auditFor("user.disable", target.id!))[0].reason).toBe("left the company");
    const enabled = await enableRaw({ userId: target.id, reason: "came back" });
    expect(enabled.status).toBe("active");
  });

  it("resets a password: the old one stops working, sessions end", async () => {
    const target = await makeActor("auditor");
    const { password } = await resetRaw({ userId: target.id });
    const [row] = await getDb().select().from(users).where(eq(users.id, target.id!));
    expect(await verifyPassword(row.passwordHash!, password)).toBe(true);
    expect(await verifyPassword(row.passwordHash!, "correct horse battery staple")).toBe(false);
    expect(row.sessionVersion).toBe(2);
  });

  it("answers unknown ids with not_found and malformed ids with a validation error", async () => {
    await expect(disableRaw({ userId: "00000000-0000-4000-8000-000000000000", reason: "gone" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(disableRaw({ userId: "1; drop table users", reason: "gone" })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});
