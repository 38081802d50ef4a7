import { eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import { revokeOwnerTokens } from "@/lib/api-tokens/revoke-owner-tokens";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { assertNotLastBreakGlass } from "@/lib/auth/break-glass";
import { generatePassword } from "@/lib/auth/generate-password";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import type { ChangeRoleInput, ResetPasswordInput, SetUserStatusInput } from "@/lib/validations/users";
import { toUserView, type UserView } from "./user-view";

async function lockUser(tx: Tx, userId: string): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new AppError("not_found", "No such user");
  return user;
}

// An admin may not lock themselves out, and the last active admin may not be demoted or disabled.
async function assertNotLastAdmin(tx: Tx, actor: Actor, user: User, what: string): Promise<void> {
  if (actor.id === user.id) throw new AppError("conflict", `You cannot ${what} your own account`);
  if (user.role !== "admin" || user.status !== "active") return;
  const [{ admins }] = await tx
    .select({ admins: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.role} = 'admin' and ${users.status} = 'active'`);
  if (admins <= 1) throw new AppError("conflict", `Cannot ${what} the last active admin`);
}

// A demotion narrows the user's API tokens at once: each call is bounded by the owner's current role.
export async function changeUserRole({ actor, input }: { actor: Actor; input: ChangeRoleInput }): Promise<UserView> {
  const { userId, role } = input;
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (user.role === role) return toUserView(user);
    if (role !== "admin") {
      await assertNotLastAdmin(tx, actor, user, "change the role of");
      await assertNotLastBreakGlass(tx, user, "demote");
    }
    const [updated] = await tx
      .update(users)
      .set({ role, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await writeAudit(tx, actor, {
      action: "user.change_role",
      targetType: "user",
      targetId: userId,
      before: { role: user.role },
      after: { role },
    });
    return toUserView(updated);
  });
}

// Disabling bumps the session version and revokes their API tokens: nothing of theirs works any more.
export async function disableUser({ actor, input }: { actor: Actor; input: SetUserStatusInput }): Promise<UserView> {
  const { userId, reason } = input;
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (user.status === "disabled") throw new AppError("conflict", "This user is already disabled");
    await assertNotLastAdmin(tx, actor, user, "disable");
    await assertNotLastBreakGlass(tx, user, "disable");
    const [updated] = await tx
      .update(users)
      .set({ status: "disabled", sessionVersion: user.sessionVersion + 1, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await writeAudit(tx, actor, {
      action: "user.disable",
      targetType: "user",
      targetId: userId,
      reason,
      before: { status: user.status },
      after: { status: "disabled" },
    });
    await revokeOwnerTokens(tx, { actor, userId, reason: `owner disabled: ${reason}` });
    return toUserView(updated);
  });
}

export async function enableUser({ actor, input }: { actor: Actor; input: SetUserStatusInput }): Promise<UserView> {
  const { userId, reason } = input;
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (user.status === "active") throw new AppError("conflict", "This user is already active");
    const [updated] = await tx
      .update(users)
      .set({ status: "active", updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await writeAudit(tx, actor, {
      action: "user.enable",
      targetType: "user",
      targetId: userId,
      reason,
      before: { status: user.status },
      after: { status: "active" },
    });
    return toUserView(updated);
  });
}

// A new generated password, shown once to the admin; existing sessions end and their API tokens are
// revoked (a reset usually means the account was compromised).
export async function resetUserPassword({
  actor,
  input,
}: {
  actor: Actor;
  input: ResetPasswordInput;
}): Promise<{ user: UserView; password: string }> {
  const { userId } = input;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    // A single sign-on account has no password here: giving it one would open a second way in.
    if (user.source === "oidc")
      throw new AppError("conflict", `${user.email} signs in with single sign-on and has no local password.`);
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: user.sessionVersion + 1, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await writeAudit(tx, actor, { action: "user.reset_password", targetType: "user", targetId: userId });
    await revokeOwnerTokens(tx, { actor, userId, reason: "owner's password reset" });
    return { user: toUserView(updated), password };
  });
}
