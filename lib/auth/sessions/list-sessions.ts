import "server-only";
import { desc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type UserSession, userSessions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { actorCan } from "@/lib/auth/permissions";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-policy";
import { AppError } from "@/lib/errors";
import { describeUserAgent } from "./user-agent";

// The Sessions page shows the most recent sessions, live ones and recently ended ones alike.
export const SESSIONS_LISTED = 50;

export type SessionStatus = "active" | "expired" | "revoked";

export interface SessionView {
  id: string;
  userId: string;
  device: string;
  userAgent: string | null;
  ip: string | null;
  method: "password" | "oidc";
  status: SessionStatus;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  // The session of the browser asking.
  current: boolean;
}

// The session cookie is issued once at sign-in and lasts SESSION_MAX_AGE_S (it is not renewed:
// pages and actions cannot rewrite it), so a row older than that has no cookie left that works.
export function sessionExpiresAt(session: Pick<UserSession, "createdAt">): Date {
  return new Date(session.createdAt.getTime() + SESSION_MAX_AGE_S * 1000);
}

export function sessionStatus(session: UserSession, now = new Date()): SessionStatus {
  if (session.revokedAt) return "revoked";
  return sessionExpiresAt(session) <= now ? "expired" : "active";
}

export function toSessionView(session: UserSession, currentSessionId: string | null, now = new Date()): SessionView {
  return {
    id: session.id,
    userId: session.userId,
    device: describeUserAgent(session.userAgent),
    userAgent: session.userAgent,
    ip: session.ip,
    method: session.method,
    status: sessionStatus(session, now),
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: sessionExpiresAt(session),
    revokedAt: session.revokedAt,
    revokedBy: session.revokedBy,
    revokeReason: session.revokeReason,
    current: session.id === currentSessionId,
  };
}

// Your own sessions, or (users:manage) anyone's. Newest first; the live ones are all among them in
// practice (a user rarely has 50 browsers signed in within 8 hours).
export async function listSessions({
  actor,
  userId,
  currentSessionId = null,
  db = getDb(),
}: {
  actor: Actor;
  userId: string;
  currentSessionId?: string | null;
  db?: Executor;
}): Promise<SessionView[]> {
  assertMaySeeSessions(actor, userId);
  const rows = await db
    .select()
    .from(userSessions)
    .where(eq(userSessions.userId, userId))
    .orderBy(desc(userSessions.createdAt))
    .limit(SESSIONS_LISTED);
  const now = new Date();
  return rows.map((row) => toSessionView(row, currentSessionId, now));
}

export function assertMaySeeSessions(actor: Actor, userId: string): void {
  if (actor.id === userId && actorCan(actor, "sessions:own")) return;
  if (actorCan(actor, "users:manage")) return;
  throw new AppError("forbidden", "Only admins can see or end another user's sessions (users:manage).");
}
