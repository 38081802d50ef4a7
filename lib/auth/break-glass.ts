import { and, eq, isNotNull, sql } from "drizzle-orm";
import { type Executor, getDb, type Tx } from "@/db/client";
import { type User, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";
import { toUserView, type UserView } from "@/lib/users/user-view";
import type { SetBreakGlassInput } from "@/lib/validations/break-glass";
import { ssoFromEnvironment } from "./sso/sso-config";

// Local accounts can be switched off (setting auth.localSignIn = "break_glass_only"): then only a
// break-glass account — an active, local admin marked users.breakGlass — may sign in with a
// password, and every such sign-in is audited and shown on every page with a banner.
export const LOCAL_SIGN_IN_OFF_MESSAGE = "Local sign-in is off; use single sign-on.";

export type LocalSignInMode = "everyone" | "break_glass_only";

export function localSignInMode(db: Executor = getDb()): Promise<LocalSignInMode> {
  return getSetting("auth.localSignIn", db);
}

export function isBreakGlassAccount(
  user: Pick<User, "breakGlass" | "role" | "status" | "source" | "passwordHash">,
): boolean {
  return user.breakGlass && user.role === "admin" && user.status === "active" && user.source === "local";
}

// Called by authenticate() before the password is checked, so a refusal says nothing about the
// password. Returns whether this sign-in is a break-glass use (audited as such by the caller).
export async function checkLocalSignIn(
  user: User | undefined,
  db: Executor = getDb(),
): Promise<{ breakGlass: boolean }> {
  if ((await localSignInMode(db)) === "everyone") return { breakGlass: false };
  if (user && isBreakGlassAccount(user)) return { breakGlass: true };
  throw new AppError("forbidden", LOCAL_SIGN_IN_OFF_MESSAGE);
}

async function countBreakGlassAdmins(db: Executor, exceptUserId?: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        eq(users.breakGlass, true),
        eq(users.role, "admin"),
        eq(users.status, "active"),
        eq(users.source, "local"),
        isNotNull(users.passwordHash),
        exceptUserId ? sql`${users.id} <> ${exceptUserId}` : undefined,
      ),
    );
  return n;
}

// Refuses switching local sign-in off while no one could still sign in with a password.
export async function assertBreakGlassAvailable(db: Executor): Promise<void> {
  if ((await countBreakGlassAdmins(db)) > 0) return;
  throw new AppError(
    "conflict",
    "Local sign-in cannot be turned off: there is no active break-glass admin. Mark one on the Users page first.",
  );
}

// Single sign-on is on when the environment or the Settings page names a provider (lib/auth/sso).
export async function ssoConfigured(db: Executor = getDb()): Promise<boolean> {
  if (ssoFromEnvironment()) return true;
  const provider = await getSetting("sso.provider", db);
  return provider.issuer.trim() !== "" && provider.clientId.trim() !== "";
}

// Shown after switching local sign-in off: only the break-glass account can sign in without SSO.
export async function localSignInWarning(db: Executor = getDb()): Promise<string | null> {
  if ((await localSignInMode(db)) === "everyone" || (await ssoConfigured(db))) return null;
  return "Single sign-on is not configured: only break-glass accounts can sign in now.";
}

// While local sign-in is off, a break-glass admin signed in with a password gets a banner on every page.
export async function breakGlassInUse(
  user: Pick<UserView, "breakGlass">,
  session: { method: "password" | "oidc" },
): Promise<boolean> {
  if (!user.breakGlass || session.method !== "password") return false;
  return (await localSignInMode()) === "break_glass_only";
}

// While local sign-in is off, the last active break-glass admin may not be unmarked, demoted or
// disabled: nobody could sign in with a password any more.
export async function assertNotLastBreakGlass(tx: Tx, user: User, what: string): Promise<void> {
  if (!user.breakGlass || user.status !== "active") return;
  if ((await localSignInMode(tx)) !== "break_glass_only" || (await countBreakGlassAdmins(tx, user.id)) > 0) return;
  throw new AppError(
    "conflict",
    `Cannot ${what} the last break-glass admin while local sign-in is off: turn local sign-in on first, or mark another admin.`,
  );
}

async function lockUser(tx: Tx, userId: string): Promise<User> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw new AppError("not_found", "No such user");
  return user;
}

// Marks or unmarks a break-glass account (users:manage). Only an active local admin with a
// password qualifies; the last one cannot be unmarked while local sign-in is off.
export async function setBreakGlass({ actor, input }: { actor: Actor; input: SetBreakGlassInput }): Promise<UserView> {
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.breakGlass === input.breakGlass) return toUserView(user);
    if (input.breakGlass) {
      if (user.role !== "admin") throw new AppError("conflict", "Only an admin account can be a break-glass account");
      if (user.source !== "local" || !user.passwordHash)
        throw new AppError("conflict", "Only a local account with a password can be a break-glass account");
      if (user.status !== "active")
        throw new AppError("conflict", "A disabled account cannot be a break-glass account");
    } else {
      await assertNotLastBreakGlass(tx, user, "unmark");
    }
    const [updated] = await tx
      .update(users)
      .set({ breakGlass: input.breakGlass, updatedAt: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    await writeAudit(tx, actor, {
      action: input.breakGlass ? "user.break_glass_mark" : "user.break_glass_unmark",
      targetType: "user",
      targetId: user.id,
      before: { breakGlass: user.breakGlass },
      after: { breakGlass: input.breakGlass },
    });
    return toUserView(updated);
  });
}
