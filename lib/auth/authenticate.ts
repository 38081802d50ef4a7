import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type User, users } from "@/db/schema";
import { anonymousActor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { checkLocalSignIn } from "./break-glass";
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
}

// Checks an email and password: refuses locked accounts and addresses before any hash work
// (counted, not audited: the failure that took the lock is the one entry per lock), counts and
// audits each failure otherwise, and resets the account's counter on success.
export async function authenticate(attempt: SignInAttempt): Promise<User> {
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
    await db.transaction(async (tx) => {
      await clearFailures(tx, accountKey(attempt.email));
      await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
      await writeAudit(
        tx,
        { kind: "user", id: user.id, label: user.email, role: user.role, ip: attempt.ip },
        { action: "auth.sign_in", targetType: "user", targetId: user.id },
      );
      if (breakGlass)
        await writeAudit(
          tx,
          { kind: "user", id: user.id, label: user.email, role: user.role, ip: attempt.ip },
          { action: "auth.break_glass_sign_in", targetType: "user", targetId: user.id, reason: "local sign-in is off" },
        );
    });
    return user;
  }

  const reason = !user ? "unknown account" : !passwordOk ? "wrong password" : "account disabled";
  const locks = await db.transaction(async (tx) => {
    const accountLock = await recordFailure(tx, accountKey(attempt.email), ACCOUNT_MAX_FAILURES, now);
    const ipLock = attempt.ip ? await recordFailure(tx, ipKey(attempt.ip), IP_MAX_FAILURES, now) : null;
    return accountLock ?? ipLock;
  });
  await auditFailure(attempt, locks ? `${reason}; locked until ${locks.toISOString()}` : reason);
  if (locks) throw lockedError(locks);
  throw new AppError("unauthenticated", "Wrong email or password.");
}

function lockedError(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    "too_many_requests",
    `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  );
}

async function auditFailure(attempt: SignInAttempt, reason: string): Promise<void> {
  const db = getDb();
  await db.transaction((tx) =>
    writeAudit(tx, anonymousActor(attempt.email, attempt.ip), {
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: attempt.email,
      reason,
    }),
  );
}
