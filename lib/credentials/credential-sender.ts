import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/db/client";
import { senders, smtpCredentials } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { type CredentialIssueRefusal, credentialIssueRefusal, MAX_ACTIVE_PER_SENDER } from "./credential-rules";

export interface CredentialSender {
  id: string;
  name: string;
  slug: string;
  status: (typeof senders.$inferSelect)["status"];
  allowedCidrs: string[];
}

const senderColumns = {
  id: senders.id,
  name: senders.name,
  slug: senders.slug,
  status: senders.status,
  allowedCidrs: senders.allowedCidrs,
};

export async function findCredentialSender(senderId: string, db: Executor): Promise<CredentialSender | undefined> {
  const [sender] = await db.select(senderColumns).from(senders).where(eq(senders.id, senderId));
  return sender;
}

// Locks the sender row FOR UPDATE: issues for one sender take turns, so the active count they
// check cannot be raced past the limit.
export async function lockCredentialSender(tx: Tx, senderId: string): Promise<CredentialSender> {
  const [sender] = await tx.select(senderColumns).from(senders).where(eq(senders.id, senderId)).for("update");
  if (!sender) throw new AppError("not_found", "No such sender");
  return sender;
}

// Locks the sender for a rotation: only an active sender may receive a credential (a rotation
// counts its own successor, so only the sender's status is asked of the rule here).
export async function lockSenderForIssue(tx: Tx, senderId: string): Promise<CredentialSender> {
  const sender = await lockCredentialSender(tx, senderId);
  const refusal = credentialIssueRefusal(sender, 0);
  if (refusal) throw refusedIssue(sender, refusal);
  return sender;
}

// Active means status active and not past its expiry (whether or not expire-due has run yet).
export function activeAt(now: Date) {
  return and(
    eq(smtpCredentials.status, "active"),
    or(isNull(smtpCredentials.expiresAt), gt(smtpCredentials.expiresAt, now)),
  );
}

export async function countActiveCredentials(tx: Executor, senderId: string, now: Date): Promise<number> {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(smtpCredentials)
    .where(and(eq(smtpCredentials.senderId, senderId), activeAt(now)));
  return n;
}

export function refusedIssue(sender: CredentialSender, refusal: CredentialIssueRefusal): AppError {
  if (refusal.reason === "sender_not_active") {
    return new AppError(
      "conflict",
      `Sender "${sender.name}" is ${sender.status}: credentials can only be issued for an active sender.`,
    );
  }
  return new AppError(
    "conflict",
    `Sender "${sender.name}" already has ${MAX_ACTIVE_PER_SENDER} active credentials, the most allowed. Revoke one, or let a rotation's overlap end, before issuing another.`,
  );
}

export function tooManyActive(sender: CredentialSender): AppError {
  return refusedIssue(sender, { reason: "too_many_active", activeCount: MAX_ACTIVE_PER_SENDER });
}
