import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditChainHead, auditLog } from "@/db/schema";
import { type Actor, roleLabel } from "./actor";
import { hashEntry } from "./hash-entry";

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

// Takes the chain head's row lock early, for a transaction that will take another lock before its
// audit entry (the policy version lock): every such transaction then locks in one order, head
// first, and two of them cannot deadlock whichever of the two they reach first in their code.
export async function lockAuditChain(tx: Executor): Promise<void> {
  await tx.select({ id: auditChainHead.id }).from(auditChainHead).where(eq(auditChainHead.id, 1)).for("update");
}

// Appends one entry inside the caller's transaction. The chain head row is locked FOR UPDATE,
// so concurrent writers take turns and each entry links to the one before it. If this throws,
// the caller's transaction (and so the mutation) fails with it.
export async function writeAudit(tx: Executor, actor: Actor, input: AuditInput): Promise<number> {
  const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for("update");
  if (!head) throw new Error("audit chain head missing: run the migrations");
  const fields = {
    seq: head.lastSeq + 1,
    at: new Date(),
    actorId: actor.id,
    actorLabel: actor.label,
    actorRole: roleLabel(actor),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId ?? null,
    reason: input.reason ?? null,
    ip: actor.ip,
    before: input.before ?? null,
    after: input.after ?? null,
    prevHash: head.lastHash,
  };
  const hash = hashEntry(fields);
  await tx.insert(auditLog).values({ ...fields, hash });
  await tx.update(auditChainHead).set({ lastSeq: fields.seq, lastHash: hash }).where(eq(auditChainHead.id, 1));
  return fields.seq;
}
