import "server-only";
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { type UserSession, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-policy";
import { AppError } from "@/lib/errors";
import type { RevokeOtherSessionsInput, RevokeSessionInput, RevokeUserSessionsInput } from "@/lib/validations/sessions";
import { assertMaySeeSessions, sessionStatus } from "./list-sessions";

// A revoked row is refused by loadLiveSession on the browser's next request: it is signed out there.

function defaultReason(actor: Actor, userId: string): string {
  return actor.id === userId ? "revoked by the user" : "revoked by an admin";
}

// Ends one session: your own, or (users:manage) anyone's. Refuses one that already ended.
export async function revokeSession({
  actor,
  input,
}: {
  actor: Actor;
  input: RevokeSessionInput;
}): Promise<{ sessionId: string; userId: string }> {
  return getDb().transaction(async (tx) => {
    const [session] = await tx.select().from(userSessions).where(eq(userSessions.id, input.sessionId)).for("update");
    // Someone else's session id is answered like an unknown one unless the actor may see it.
    if (!session || !maySee(actor, session.userId)) throw new AppError("not_found", "No such session");
    const status = sessionStatus(session);
    if (status !== "active") throw new AppError("conflict", `This session has already ended (${status})`);
    const reason = input.reason ?? defaultReason(actor, session.userId);
    await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedBy: actor.label, revokeReason: reason })
      .where(eq(userSessions.id, session.id));
    await auditRevocation(tx, actor, session, reason);
    return { sessionId: session.id, userId: session.userId };
  });
}

// "Sign out everywhere else": every live session of the actor but the current one.
export async function revokeOtherSessions({
  actor,
  currentSessionId,
  input,
}: {
  actor: Actor;
  currentSessionId: string;
  input: RevokeOtherSessionsInput;
}): Promise<{ revoked: number }> {
  if (!actor.id) throw new AppError("forbidden", "Only a signed-in user has sessions");
  return revokeAll(actor, actor.id, input.reason ?? "signed out everywhere else", currentSessionId);
}

// An admin ends every live session of one user (their own current one aside, if it is them).
export async function revokeUserSessions({
  actor,
  input,
  currentSessionId = null,
}: {
  actor: Actor;
  input: RevokeUserSessionsInput;
  currentSessionId?: string | null;
}): Promise<{ revoked: number }> {
  assertMaySeeSessions(actor, input.userId);
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new AppError("not_found", "No such user");
  return revokeAll(actor, input.userId, input.reason ?? defaultReason(actor, input.userId), currentSessionId);
}

async function revokeAll(
  actor: Actor,
  userId: string,
  reason: string,
  keepSessionId: string | null,
): Promise<{ revoked: number }> {
  const notBefore = new Date(Date.now() - SESSION_MAX_AGE_S * 1000);
  return getDb().transaction(async (tx) => {
    const revoked = await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedBy: actor.label, revokeReason: reason })
      .where(
        and(
          eq(userSessions.userId, userId),
          isNull(userSessions.revokedAt),
          gt(userSessions.createdAt, notBefore),
          keepSessionId ? ne(userSessions.id, keepSessionId) : undefined,
        ),
      )
      .returning({ id: userSessions.id });
    await writeAudit(tx, actor, {
      action: "auth.sessions_revoked_all",
      targetType: "user",
      targetId: userId,
      reason,
      after: { revoked: revoked.length, sessionIds: revoked.map((r) => r.id), kept: keepSessionId },
    });
    return { revoked: revoked.length };
  });
}

async function auditRevocation(tx: Tx, actor: Actor, session: UserSession, reason: string): Promise<void> {
  await writeAudit(tx, actor, {
    action: "auth.session_revoked",
    targetType: "session",
    targetId: session.id,
    reason,
    after: { userId: session.userId, method: session.method, ip: session.ip, revokedBy: actor.label },
  });
}

function maySee(actor: Actor, userId: string): boolean {
  try {
    assertMaySeeSessions(actor, userId);
    return true;
  } catch {
    return false;
  }
}
