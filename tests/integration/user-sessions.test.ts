import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, userSessions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-policy";
import { listSessions } from "@/lib/auth/sessions/list-sessions";
import { loadLiveSession } from "@/lib/auth/sessions/load-session";
import { revokeOtherSessions, revokeSession, revokeUserSessions } from "@/lib/auth/sessions/revoke-sessions";
import { deleteEndedSessions } from "@/lib/auth/sessions/session-retention";
import { startSession } from "@/lib/auth/sessions/start-session";
import { revokeSessionSchema } from "@/lib/validations/sessions";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

async function signIn(actor: Actor, userAgent: string | null = CHROME_LINUX): Promise<string> {
  const { id } = await startSession({
    userId: actor.id!,
    method: "password",
    ip: "198.51.100.7",
    userAgent,
    mfaVerified: false,
  });
  return id;
}

const live = (actor: Actor, sid: string) => loadLiveSession({ sid, uid: actor.id!, sv: 1 });

async function auditOf(action: string, targetId: string) {
  return getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

async function sessionRow(id: string) {
  const [row] = await getDb().select().from(userSessions).where(eq(userSessions.id, id));
  return row;
}

describe("sessions: list and revoke", () => {
  it("lists a user's own sessions with device, IP, method and the current one marked", async () => {
    const owner = await makeActor("comms");
    const first = await signIn(owner);
    const second = await signIn(owner, null);
    const sessions = await listSessions({ actor: owner, userId: owner.id!, currentSessionId: first });
    expect(sessions.map((s) => s.id).sort()).toEqual([first, second].sort());
    const current = sessions.find((s) => s.id === first)!;
    expect(current).toMatchObject({
      current: true,
      device: "Chrome 131 on Linux",
      ip: "198.51.100.7",
      method: "password",
      status: "active",
    });
    expect(sessions.find((s) => s.id === second)).toMatchObject({ current: false, device: "Unknown device" });
  });

  it("refuses to list someone else's sessions unless the actor manages users", async () => {
    const owner = await makeActor("comms");
    const other = await makeActor("security");
    const admin = await makeActor("admin");
    await signIn(owner);
    await expect(listSessions({ actor: other, userId: owner.id! })).rejects.toMatchObject({ code: "forbidden" });
    expect(await listSessions({ actor: admin, userId: owner.id! })).toHaveLength(1);
  });

  it("revokes one's own session: it is refused by loadLiveSession at the next request, and audited", async () => {
    const owner = await makeActor("infra");
    const kept = await signIn(owner);
    const revoked = await signIn(owner);
    expect(await live(owner, revoked)).not.toBeNull();
    await revokeSession({ actor: owner, input: { sessionId: revoked, reason: "lost laptop" } });
    expect(await live(owner, revoked)).toBeNull();
    expect(await live(owner, kept)).not.toBeNull();
    expect(await sessionRow(revoked)).toMatchObject({ revokedBy: owner.label, revokeReason: "lost laptop" });
    const [entry] = await auditOf("auth.session_revoked", revoked);
    expect(entry).toMatchObject({ actorId: owner.id, reason: "lost laptop", targetType: "session" });
    expect(entry.after).toMatchObject({ userId: owner.id });
    await expect(revokeSession({ actor: owner, input: { sessionId: revoked } })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("cannot revoke someone else's session (answered like an unknown one), unless admin", async () => {
    const owner = await makeActor("comms");
    const intruder = await makeActor("security");
    const admin = await makeActor("admin");
    const sid = await signIn(owner);
    await expect(revokeSession({ actor: intruder, input: { sessionId: sid } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await sessionRow(sid)).revokedAt).toBeNull();
    expect(await auditOf("auth.session_revoked", sid)).toHaveLength(0);
    await revokeSession({ actor: admin, input: { sessionId: sid } });
    expect(await live(owner, sid)).toBeNull();
    expect(await sessionRow(sid)).toMatchObject({ revokedBy: admin.label, revokeReason: "revoked by an admin" });
    expect((await auditOf("auth.session_revoked", sid))[0]).toMatchObject({ actorId: admin.id });
  });

  it("revokes all other sessions but the current one, in one audit entry", async () => {
    const owner = await makeActor("auditor");
    const current = await signIn(owner);
    const others = [await signIn(owner), await signIn(owner)];
    const result = await revokeOtherSessions({ actor: owner, currentSessionId: current, input: {} });
    expect(result).toEqual({ revoked: 2 });
    expect(await live(owner, current)).not.toBeNull();
    for (const sid of others) expect(await live(owner, sid)).toBeNull();
    const [entry] = await auditOf("auth.sessions_revoked_all", owner.id!);
    expect(entry).toMatchObject({ actorId: owner.id, reason: "signed out everywhere else" });
    expect((entry.after as { sessionIds: string[] }).sessionIds.sort()).toEqual([...others].sort());
  });

  it("lets an admin revoke every session of a user, and no one else", async () => {
    const owner = await makeActor("comms");
    const admin = await makeActor("admin");
    const infra = await makeActor("infra");
    const sids = [await signIn(owner), await signIn(owner)];
    await expect(revokeUserSessions({ actor: infra, input: { userId: owner.id! } })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await revokeUserSessions({ actor: admin, input: { userId: owner.id!, reason: "offboarding" } })).toEqual({
      revoked: 2,
    });
    for (const sid of sids) expect(await live(owner, sid)).toBeNull();
    expect((await auditOf("auth.sessions_revoked_all", owner.id!))[0]).toMatchObject({
      actorId: admin.id,
      reason: "offboarding",
    });
  });

  it("shows sessions older than the cookie's lifetime as expired, and does not revoke them", async () => {
    const owner = await makeActor("comms");
    const old = await signIn(owner);
    const createdAt = new Date(Date.now() - SESSION_MAX_AGE_S * 1000 - 60_000);
    await getDb().update(userSessions).set({ createdAt, lastSeenAt: createdAt }).where(eq(userSessions.id, old));
    const [view] = await listSessions({ actor: owner, userId: owner.id! });
    expect(view).toMatchObject({ id: old, status: "expired" });
    await expect(revokeSession({ actor: owner, input: { sessionId: old } })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await revokeOtherSessions({ actor: owner, currentSessionId: crypto.randomUUID(), input: {} })).toEqual({
      revoked: 0,
    });
  });

  it("refuses a malformed session id at the edge", async () => {
    const owner = await makeActor("comms");
    await expect(
      atEdge(revokeSessionSchema, { sessionId: "nope" }, (input) => revokeSession({ actor: owner, input })),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("retention deletes sessions that ended more than 30 days ago and keeps the rest", async () => {
    const owner = await makeActor("comms");
    const now = Date.now();
    const liveSid = await signIn(owner);
    const recentRevoked = await signIn(owner);
    const oldRevoked = await signIn(owner);
    const oldExpired = await signIn(owner);
    const recentExpired = await signIn(owner);
    const db = getDb();
    await db
      .update(userSessions)
      .set({ revokedAt: new Date(now - DAY_MS) })
      .where(eq(userSessions.id, recentRevoked));
    await db
      .update(userSessions)
      .set({ createdAt: new Date(now - 40 * DAY_MS), revokedAt: new Date(now - 31 * DAY_MS) })
      .where(eq(userSessions.id, oldRevoked));
    await db
      .update(userSessions)
      .set({ createdAt: new Date(now - 31 * DAY_MS - SESSION_MAX_AGE_S * 1000) })
      .where(eq(userSessions.id, oldExpired));
    await db
      .update(userSessions)
      .set({ createdAt: new Date(now - 29 * DAY_MS) })
      .where(eq(userSessions.id, recentExpired));
    await deleteEndedSessions(new Date(now));
    const left = (await db.select().from(userSessions).where(eq(userSessions.userId, owner.id!))).map((r) => r.id);
    expect(left.sort()).toEqual([liveSid, recentRevoked, recentExpired].sort());
  });
});
