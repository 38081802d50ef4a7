import { and, desc, eq, inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type SenderChangeRequest, senderChangeRequests, users } from "@/db/schema";
import { senderIdSchema } from "@/lib/validations/senders";
import { changeRequestAuthors } from "./change-requests";
import type { PersonRef } from "./get-sender";

export interface ChangeRequestView extends SenderChangeRequest {
  requester: PersonRef | null;
  decider: PersonRef | null;
  // Everyone who requested or amended it: none of them may decide on it.
  authorIds: string[];
}

export const CHANGE_REQUEST_LIMIT = 50;

// A sender's change requests, newest first (the pending one, if any, among them).
export async function listChangeRequests(
  senderId: string,
  db: Executor = getDb(),
  limit = CHANGE_REQUEST_LIMIT,
): Promise<ChangeRequestView[]> {
  if (!senderIdSchema.safeParse(senderId).success) return [];
  const rows = await db
    .select()
    .from(senderChangeRequests)
    .where(eq(senderChangeRequests.senderId, senderId))
    .orderBy(desc(senderChangeRequests.requestedAt))
    .limit(limit);
  return withPeople(rows, db);
}

export async function getPendingChangeRequest(
  senderId: string,
  db: Executor = getDb(),
): Promise<ChangeRequestView | null> {
  if (!senderIdSchema.safeParse(senderId).success) return null;
  const rows = await db
    .select()
    .from(senderChangeRequests)
    .where(and(eq(senderChangeRequests.senderId, senderId), eq(senderChangeRequests.status, "pending")));
  return (await withPeople(rows, db))[0] ?? null;
}

// Which of these senders have a change awaiting approval (the list page's marker).
export async function sendersWithPendingChange(senderIds: string[], db: Executor = getDb()): Promise<Set<string>> {
  if (senderIds.length === 0) return new Set();
  const rows = await db
    .select({ senderId: senderChangeRequests.senderId })
    .from(senderChangeRequests)
    .where(and(inArray(senderChangeRequests.senderId, senderIds), eq(senderChangeRequests.status, "pending")));
  return new Set(rows.map((r) => r.senderId));
}

async function withPeople(rows: SenderChangeRequest[], db: Executor): Promise<ChangeRequestView[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy]).filter((id): id is string => !!id))];
  const [people, authors] = await Promise.all([
    ids.length
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids))
      : [],
    changeRequestAuthors(db, rows),
  ]);
  const person = (id: string | null) => people.find((p) => p.id === id) ?? null;
  return rows.map((r) => ({
    ...r,
    requester: person(r.requestedBy),
    decider: person(r.decidedBy),
    authorIds: authors.get(r.id) ?? [],
  }));
}
