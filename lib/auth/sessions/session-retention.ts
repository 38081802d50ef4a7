import { lt, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userSessions } from "@/db/schema";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-policy";

const DAY_MS = 24 * 3600 * 1000;
// Ended sessions stay on the Sessions page this long (who signed in from where), then go.
export const ENDED_SESSION_RETENTION_MS = 30 * DAY_MS;

// Deletes sessions that ended (revoked, or expired) more than 30 days ago. Live rows are never
// touched: a live row is younger than the cookie's lifetime and not revoked.
export async function deleteEndedSessions(now = new Date()): Promise<{ sessions: number }> {
  const endedBefore = new Date(now.getTime() - ENDED_SESSION_RETENTION_MS);
  const createdBefore = new Date(endedBefore.getTime() - SESSION_MAX_AGE_S * 1000);
  const deleted = await getDb()
    .delete(userSessions)
    .where(or(lt(userSessions.revokedAt, endedBefore), lt(userSessions.createdAt, createdBefore)))
    .returning({ id: userSessions.id });
  return { sessions: deleted.length };
}
