import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";

export const REPLACED_REASON = "replaced by re-authentication";

// A sign-in from a browser that already holds a session of the same user (re-authentication, e.g.
// "Sign in again with SSO" for step-up): the old session row ends, the new one has a fresh
// authenticatedAt. A session of another user (or one already ended) is left alone.
export async function replacePreviousSession(input: {
  previousSessionId: string;
  userId: string;
  newSessionId: string;
  ip: string | null;
}): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!user) return false;
    const ended = await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedBy: user.email, revokeReason: REPLACED_REASON })
      .where(
        and(
          eq(userSessions.id, input.previousSessionId),
          eq(userSessions.userId, input.userId),
          isNull(userSessions.revokedAt),
        ),
      )
      .returning({ id: userSessions.id, method: userSessions.method });
    if (ended.length === 0) return false;
    await writeAudit(
      tx,
      { kind: "user", id: user.id, label: user.email, role: user.role, ip: input.ip },
      {
        action: "auth.session_revoked",
        targetType: "session",
        targetId: input.previousSessionId,
        reason: REPLACED_REASON,
        after: { userId: user.id, method: ended[0].method, replacedBy: input.newSessionId },
      },
    );
    return true;
  });
}
