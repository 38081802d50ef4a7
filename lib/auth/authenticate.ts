import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type User, users } from "@/db/schema";
import { anonymousActor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { checkLocalSignIn } from "./break-glass";
import { checkSecondFactor, hasTotp } from "./mfa/second-factor";
import { dummyPasswordHash, verifyPassword } from "./password";
import {
  ACCOUNT_MAX_FAILURES,
  accountKey,
  clearFailures,
  countBlockedAttempt,
  IP_MAX_FAILURES,
  ipKey,
  lockedUntil,
  recordFailure,
} from "./throttle";

export interface SignInAttempt {
  email: string;
  password: string;
  ip: string | null;
  // The second factor (TOTP or recovery code), needed when the account has TOTP enrolled.
  code?: string;
}

// mfaVerified: a second factor was checked in this sign-in.
export type AuthenticatedUser = User & { mfaVerified: boolean };

const WRONG_CODE = "wrong or reused two-factor code";
export const WRONG_CODE_MESSAGE = "That code is wrong or was already used. Wait for the next one and try again.";
export const MFA_REQUIRED_MESSAGE = "Enter the code from your authenticator app (or a recovery code).";

// Checks an email and password: refuses locked accounts and addresses before any hash work
// (counted, not audited: the failure that took the lock is the one entry per lock), counts and
// audits each failure otherwise, and resets the account's counter on success.
export async function authenticate(attempt: SignInAttempt): Promise<AuthenticatedUser> {
  const db = getDb();
  const now = new Date();
  const keys = [accountKey(attempt.email), ...(attempt.ip ? [ipKey(attempt.ip)] : [])];
  for (const key of keys) {
    const until = await lockedUntil(db, key, now);
    if (until) {
      await countBlockedAttempt(db, key);
      throw lockedError(until);
    }
  }

  const [user] = await db.select().from(users).where(eq(users.email, attempt.email));
  // Local sign-in off: refused before the password is checked (not counted toward a lock, which
  // could shut the break-glass admin out); a break-glass sign-in is audited as such below.
  const { breakGlass } = await checkLocalSignIn(user, db).catch(async (error: unknown) => {
    await auditFailure(attempt, "local sign-in is off");
    throw error;
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), attempt.password);
  if (user && passwordOk && user.status === "active") {
    // Password right but no code: the form asks for it; nothing is counted, no session starts.
    if (hasTotp(user) && !attempt.code) throw new AppError("mfa_required", MFA_REQUIRED_MESSAGE);
    const signedIn = await db.transaction(async (tx) => {
      const actor = { kind: "user" as const, id: user.id, label: user.email, role: user.role, ip: attempt.ip };
      const factor = hasTotp(user) ? await checkSecondFactor(tx, { user, code: attempt.code ?? "", actor, now }) : null;
      if (hasTotp(user) && !factor) return null;
      await clearFailures(tx, accountKey(attempt.email));
      await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
      await writeAudit(tx, actor, {
        action: "auth.sign_in",
        targetType: "user",
        targetId: user.id,
        reason: factor ? `password and ${factor === "totp" ? "authenticator code" : "recovery code"}` : undefined,
      });
      if (breakGlass)
        await writeAudit(tx, actor, {
          action: "auth.break_glass_sign_in",
          targetType: "user",
          targetId: user.id,
          reason: "local sign-in is off",
        });
      return { ...user, mfaVerified: factor !== null };
    });
    if (signedIn) return signedIn;
  }

  const reason = !user
    ? "unknown account"
    : !passwordOk
      ? "wrong password"
      : user.status !== "active"
        ? "account disabled"
        : WRONG_CODE;
  const locks = await db.transaction(async (tx) => {
    const accountLock = await recordFailure(tx, accountKey(attempt.email), ACCOUNT_MAX_FAILURES, now);
    const ipLock = attempt.ip ? await recordFailure(tx, ipKey(attempt.ip), IP_MAX_FAILURES, now) : null;
    return accountLock ?? ipLock;
  });
  await auditFailure(attempt, locks ? `${reason}; locked until ${locks.toISOString()}` : reason);
  if (locks) throw lockedError(locks);
  if (reason === WRONG_CODE) throw new AppError("unauthenticated", WRONG_CODE_MESSAGE);
  throw new AppError("unauthenticated", "Wrong email or password.");
}

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    "too_many_requests",
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  );
}

// A wrong second factor is its own entry (auth.mfa_failed): the password was right.
async function auditFailure(attempt: SignInAttempt, reason: string): Promise<void> {
  const db = getDb();
  await db.transaction((tx) =>
    writeAudit(tx, anonymousActor(attempt.email, attempt.ip), {
      action: reason.startsWith(WRONG_CODE) ? "auth.mfa_failed" : "auth.sign_in_failed",
      targetType: "user",
      targetId: attempt.email,
      reason,
    }),
  );
}
