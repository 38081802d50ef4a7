import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { killSwitches, type Role, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";
import type { StepUpInput } from "@/lib/validations/mfa";
import { auditMfaFailure, checkSecondFactor, hasTotp } from "./mfa/second-factor";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { SessionContext, SignInFacts } from "./session";
import { ACCOUNT_MAX_FAILURES, accountKey, lockedUntil, recordFailure } from "./throttle";

export const STEP_UP_SSO_MESSAGE =
  "You signed in with single sign-on: sign in again with SSO to confirm it's you, then try again.";

// Dangerous actions (engaging or releasing the global kill switch, approving a sender or a sender
// change, approving a quarantine release, minting an admin token, resetting a user's two-factor) need a sign-in younger than
// auth.stepUpMinutes. An API token is a machine credential with no sign-in to refresh: it is
// exempt (its owner minted it under step-up if it is an admin token; revoke it to stop it).
export async function requireRecentSignIn(
  caller: SignInFacts | "api-token",
  what: string,
  now = new Date(),
): Promise<void> {
  if (caller === "api-token") return;
  const minutes = await getSetting("auth.stepUpMinutes");
  if (now.getTime() - caller.authenticatedAt.getTime() <= minutes * 60_000) return;
  throw new AppError(
    "step_up_required",
    `${what} needs a sign-in within the last ${minutes} minutes: confirm it's you, then try again.`,
  );
}

// Confirms it's you within a session (password, and a code when TOTP is enrolled): the session's
// authenticatedAt (and mfaVerifiedAt with a code) becomes now. Failures count toward the sign-in
// throttle like wrong passwords and are audited; a locked account is refused before any check.
export async function stepUp({
  context,
  input,
}: {
  context: SessionContext;
  input: StepUpInput;
}): Promise<{ authenticatedAt: Date; mfaVerified: boolean }> {
  const { actor, session } = context;
  if (session.method !== "password") throw new AppError("bad_request", STEP_UP_SSO_MESSAGE);
  const db = getDb();
  const now = new Date();
  const [user] = await db.select().from(users).where(eq(users.id, context.user.id));
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  const key = accountKey(user.email);
  if (await lockedUntil(db, key, now)) {
    throw new AppError("too_many_requests", "Too many failed attempts: try again in 15 minutes or sign in again.");
  }
  if (hasTotp(user) && !input.code) {
    throw new AppError("validation_failed", "code: Enter the code from your authenticator app", {
      code: ["Enter the code from your authenticator app (or a recovery code)"],
    });
  }
  const passwordOk = await verifyPassword(user.passwordHash ?? (await dummyPasswordHash()), input.password);
  const outcome = await db.transaction(async (tx) => {
    if (!passwordOk) return "wrong password" as const;
    const factor = hasTotp(user) ? await checkSecondFactor(tx, { user, code: input.code ?? "", actor, now }) : null;
    if (hasTotp(user) && !factor) {
      await auditMfaFailure(tx, actor, user, "step-up");
      return "wrong code" as const;
    }
    await tx
      .update(userSessions)
      .set({ authenticatedAt: now, ...(factor ? { mfaVerifiedAt: now } : {}) })
      .where(eq(userSessions.id, session.id));
    await writeAudit(tx, actor, {
      action: "auth.step_up",
      targetType: "session",
      targetId: session.id,
      reason: factor ? `password and ${factor === "totp" ? "authenticator code" : "recovery code"}` : "password",
    });
    return { mfaVerified: factor !== null };
  });
  if (typeof outcome === "object") return { authenticatedAt: now, ...outcome };

  const lock = await db.transaction(async (tx) => {
    const until = await recordFailure(tx, key, ACCOUNT_MAX_FAILURES, now);
    if (outcome === "wrong password") {
      await writeAudit(tx, actor, {
        action: "auth.step_up_failed",
        targetType: "session",
        targetId: session.id,
        reason: until ? `wrong password; locked until ${until.toISOString()}` : "wrong password",
      });
    }
    return until;
  });
  if (lock) throw new AppError("too_many_requests", "Too many failed attempts: try again in 15 minutes.");
  if (outcome === "wrong code") {
    throw new AppError("unauthenticated", "code: That code is wrong or was already used", {
      code: ["That code is wrong or was already used: wait for the next one"],
    });
  }
  throw new AppError("unauthenticated", "password: Wrong password", { password: ["Wrong password"] });
}

// Which calls are dangerous, in one place: each surface (server action, API route) asks here.
export const stepUpFor = {
  engageKillSwitch: (caller: SignInFacts | "api-token", input: { scope: string }) =>
    input.scope === "global" ? requireRecentSignIn(caller, "Engaging the global kill switch") : undefined,
  async releaseKillSwitch(caller: SignInFacts | "api-token", killSwitchId: string) {
    if (caller === "api-token") return;
    const [row] = await getDb()
      .select({ scope: killSwitches.scope })
      .from(killSwitches)
      .where(eq(killSwitches.id, killSwitchId));
    if (row?.scope === "global") await requireRecentSignIn(caller, "Releasing the global kill switch");
  },
  decideSender: (caller: SignInFacts | "api-token", input: { decision: string }) =>
    input.decision === "approve" ? requireRecentSignIn(caller, "Approving a sender") : undefined,
  decideChangeRequest: (caller: SignInFacts | "api-token", input: { decision: string }) =>
    input.decision === "approve" ? requireRecentSignIn(caller, "Approving a sender change") : undefined,
  approveRelease: (caller: SignInFacts | "api-token") =>
    requireRecentSignIn(caller, "Approving the release of quarantined mail"),
  resetMfa: (caller: SignInFacts | "api-token") =>
    requireRecentSignIn(caller, "Resetting another user's two-factor sign-in"),
  // A token's role defaults to its owner's.
  createApiToken: (caller: SignInFacts | "api-token", actor: Actor, input: { role?: Role }) =>
    (input.role ?? actor.role) === "admin" ? requireRecentSignIn(caller, "Minting an admin API token") : undefined,
};
