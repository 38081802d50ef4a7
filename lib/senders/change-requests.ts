import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/db/client";
import {
  auditLog,
  type Sender,
  type SenderChangeRequest,
  type SenderChangeSet,
  senderChangeRequests,
} from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { changedFields, RELAY_FIELDS, sameFieldValue } from "./widening";

export const CHANGE_REQUEST_ACTIONS = { request: "sender.change.request", amend: "sender.change.amend" } as const;

// The sender's pending change request, locked (the caller holds the sender's lock already).
export async function lockPendingChangeRequest(tx: Tx, senderId: string): Promise<SenderChangeRequest | null> {
  const [row] = await tx
    .select()
    .from(senderChangeRequests)
    .where(and(eq(senderChangeRequests.senderId, senderId), eq(senderChangeRequests.status, "pending")))
    .for("update");
  return row ?? null;
}

// Everyone who wrote part of a request (its requester and each person who amended it): none of
// them may decide on it, so amending someone else's request cannot smuggle a change past them.
export async function changeRequestAuthors(
  db: Executor,
  requests: Pick<SenderChangeRequest, "id" | "senderId" | "requestedBy">[],
): Promise<Map<string, string[]>> {
  const out = new Map(requests.map((r) => [r.id, r.requestedBy ? [r.requestedBy] : []]));
  if (requests.length === 0) return out;
  const rows = await db
    .selectDistinct({ requestId: sql<string>`${auditLog.after}->>'changeRequestId'`, actorId: auditLog.actorId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, "sender"),
        inArray(auditLog.targetId, [...new Set(requests.map((r) => r.senderId))]),
        inArray(auditLog.action, Object.values(CHANGE_REQUEST_ACTIONS)),
      ),
    );
  for (const { requestId, actorId } of rows) {
    const authors = out.get(requestId);
    if (authors && actorId && !authors.includes(actorId)) authors.push(actorId);
  }
  return out;
}

const sameChanges = (a: SenderChangeSet, b: SenderChangeSet) => RELAY_FIELDS.every((f) => sameFieldValue(a[f], b[f]));

// Makes the sender's pending request propose exactly `changes`: creates it, amends it (a new
// revision, so an approval of the old one fails), or withdraws it when nothing widens any more.
export async function saveChangeRequest(
  tx: Tx,
  actor: Actor,
  { sender, existing, changes }: { sender: Sender; existing: SenderChangeRequest | null; changes: SenderChangeSet },
): Promise<SenderChangeRequest | null> {
  const fields = changedFields(changes);
  const now = new Date();
  const requestedBy = actor.kind === "user" ? actor.id : null;
  if (fields.length === 0) {
    if (!existing) return null;
    await closeChangeRequest(tx, actor, existing, {
      status: "withdrawn",
      action: "sender.change.withdraw",
      reason: "A later edit no longer widens these fields",
    });
    return null;
  }
  if (existing && sameChanges(existing.changes, changes)) return existing;
  const [saved] = existing
    ? await tx
        .update(senderChangeRequests)
        .set({ changes, revision: existing.revision + 1, requestedBy, updatedAt: now })
        .where(eq(senderChangeRequests.id, existing.id))
        .returning()
    : await tx
        .insert(senderChangeRequests)
        .values({ senderId: sender.id, changes, requestedBy, requestedAt: now, updatedAt: now })
        .returning();
  await writeAudit(tx, actor, {
    action: existing ? CHANGE_REQUEST_ACTIONS.amend : CHANGE_REQUEST_ACTIONS.request,
    targetType: "sender",
    targetId: sender.id,
    before: existing ? { changes: existing.changes, revision: existing.revision } : null,
    after: { changeRequestId: saved.id, revision: saved.revision, changes, fields },
  });
  return saved;
}

type ClosedStatus = "approved" | "rejected" | "withdrawn";

// Ends a pending request: who closed it, when and why (the caller writes the audit entry).
export async function markChangeRequest(
  tx: Tx,
  actor: Actor,
  request: SenderChangeRequest,
  status: ClosedStatus,
  reason: string | null,
): Promise<SenderChangeRequest> {
  const decidedAt = new Date();
  const [closed] = await tx
    .update(senderChangeRequests)
    .set({
      status,
      decidedBy: actor.kind === "user" ? actor.id : null,
      decidedAt,
      decisionComment: reason,
      updatedAt: decidedAt,
    })
    .where(eq(senderChangeRequests.id, request.id))
    .returning();
  return closed;
}

// Ends a pending request without applying it (rejected or withdrawn), audited.
export async function closeChangeRequest(
  tx: Tx,
  actor: Actor,
  request: SenderChangeRequest,
  { status, action, reason }: { status: Exclude<ClosedStatus, "approved">; action: string; reason: string | null },
): Promise<SenderChangeRequest> {
  const closed = await markChangeRequest(tx, actor, request, status, reason);
  await writeAudit(tx, actor, {
    action,
    targetType: "sender",
    targetId: request.senderId,
    reason,
    before: { changeRequestId: request.id, revision: request.revision, status: request.status },
    after: { changeRequestId: request.id, status, changes: request.changes, requestedBy: request.requestedBy },
  });
  return closed;
}

// The pending request of a sender, locked and checked against the id and revision a decision names.
export async function lockNamedRequest(tx: Tx, senderId: string, requestId: string): Promise<SenderChangeRequest> {
  const [request] = await tx
    .select()
    .from(senderChangeRequests)
    .where(and(eq(senderChangeRequests.id, requestId), eq(senderChangeRequests.senderId, senderId)))
    .for("update");
  if (!request) throw new AppError("not_found", "No such change request for this sender");
  if (request.status !== "pending") throw new AppError("conflict", `This change request is already ${request.status}`);
  return request;
}
