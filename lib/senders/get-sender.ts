import { and, desc, eq, inArray } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type AuditEntry, auditLog, senders, users } from "@/db/schema";
import { senderIdSchema } from "@/lib/validations/senders";
import { loadSenderDomains } from "./sender-domains";
import { type SenderView, toSenderView } from "./sender-view";

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface SenderDetail extends SenderView {
  requester: PersonRef | null;
  decider: PersonRef | null;
}

// The detail of one sender, or null when there is none (a malformed id is simply not found).
export async function getSender(senderId: string, db: Executor = getDb()): Promise<SenderDetail | null> {
  if (!senderIdSchema.safeParse(senderId).success) return null;
  const [sender] = await db.select().from(senders).where(eq(senders.id, senderId));
  if (!sender) return null;
  const people = [sender.requestedBy, sender.decidedBy].filter((id): id is string => !!id);
  const [domains, persons] = await Promise.all([
    loadSenderDomains([sender.id], db),
    people.length
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, people))
      : [],
  ]);
  const person = (id: string | null) => persons.find((p) => p.id === id) ?? null;
  return {
    ...toSenderView(sender, domains.get(sender.id) ?? []),
    requester: person(sender.requestedBy),
    decider: person(sender.decidedBy),
  };
}

export const SENDER_AUDIT_LIMIT = 200;

// The sender's audit trail, newest first (every registration, decision, edit and transition).
export async function listSenderAudit(
  senderId: string,
  db: Executor = getDb(),
  limit = SENDER_AUDIT_LIMIT,
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "sender"), eq(auditLog.targetId, senderId)))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
