import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { signInThrottle } from "@/db/schema";

// Failed sign-ins lock an account after 5 failures and an address after 20, each for 15 minutes;
// failures older than the window are forgotten. Kept in the database so every replica agrees.
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 20;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const accountKey = (email: string) => `account:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export async function lockedUntil(db: Executor, key: string, now = new Date()): Promise<Date | null> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

// Counts one failure; returns the lock expiry if this failure locked the key. A window starts
// afresh when it is old or when a lock has just expired (attempts counted during it do not carry).
export async function recordFailure(
  db: Executor,
  key: string,
  maxFailures: number,
  now = new Date(),
): Promise<Date | null> {
  const windowStart = sql`${new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const fresh = sql`(${signInThrottle.windowStartedAt} < ${windowStart} or ${signInThrottle.lockedUntil} <= ${nowSql})`;
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${fresh} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${fresh} then ${nowSql} else ${signInThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${signInThrottle.lockedUntil} <= ${nowSql} then null else ${signInThrottle.lockedUntil} end`,
      },
    })
    .returning();
  if (row && row.failures >= maxFailures) {
    await db
      .update(signInThrottle)
      .set({ lockedUntil: lockUntil, failures: 0, windowStartedAt: now })
      .where(eq(signInThrottle.key, key));
    return lockUntil;
  }
  return null;
}

// An attempt on a locked key: counted (failures restarted at 0 when the lock was taken), but it
// neither extends the lock nor writes an audit entry, so an attacker can neither hold the lock
// nor grow the log.
export async function countBlockedAttempt(db: Executor, key: string): Promise<void> {
  await db
    .update(signInThrottle)
    .set({ failures: sql`${signInThrottle.failures} + 1` })
    .where(eq(signInThrottle.key, key));
}

export async function clearFailures(db: Executor, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
