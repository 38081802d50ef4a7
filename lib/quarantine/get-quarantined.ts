import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { auditLog, type QuarantinedMessage, quarantinedMessages, relays, senders, users } from "@/db/schema";
import type { contentFindingSchema } from "@/lib/relay-contract/schemas";
import { QUARANTINE_TARGET } from "./labels";
import { type TimelineStep, timelineOf } from "./timeline";

export type ContentFinding = z.infer<typeof contentFindingSchema>;

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface QuarantineDetail extends Omit<QuarantinedMessage, "findings"> {
  findings: ContentFinding[];
  senderName: string | null;
  relayName: string | null;
  requester: PersonRef | null;
  approver: PersonRef | null;
  deleter: PersonRef | null;
  timeline: TimelineStep[];
}

// One held message with its sender's and relay's names, the people of its release or deletion,
// and its history (the relay's report, every decision from the audit log, the relay's settlement).
// A malformed id is simply not found.
export async function getQuarantined(id: string, db: Executor = getDb()): Promise<QuarantineDetail | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [found] = await db
    .select({ message: quarantinedMessages, senderName: senders.name, relayName: relays.name })
    .from(quarantinedMessages)
    .leftJoin(senders, eq(senders.id, quarantinedMessages.senderId))
    .leftJoin(relays, eq(relays.id, quarantinedMessages.relayId))
    .where(eq(quarantinedMessages.id, id));
  if (!found) return null;
  const { message } = found;
  const people = [message.releaseRequestedBy, message.releasedBy, message.deletedBy].filter((p): p is string => !!p);
  const [persons, audit] = await Promise.all([
    people.length
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, people))
      : [],
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, QUARANTINE_TARGET), eq(auditLog.targetId, id)))
      .orderBy(asc(auditLog.seq)),
  ]);
  const person = (pid: string | null) => persons.find((p) => p.id === pid) ?? null;
  return {
    ...message,
    // Stored as the relay reported them, parsed by the contract's schema at the relay route.
    findings: message.findings as ContentFinding[],
    senderName: found.senderName,
    relayName: found.relayName,
    requester: person(message.releaseRequestedBy),
    approver: person(message.releasedBy),
    deleter: person(message.deletedBy),
    timeline: timelineOf(message, found.relayName, audit),
  };
}
