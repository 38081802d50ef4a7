import { and, asc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders, smtpCredentials } from "@/db/schema";
import { activeAt } from "./credential-sender";

export interface PolicyCredential {
  id: string;
  senderId: string;
  username: string;
  // SHA-256 (hex) of the secret: what relays verify SMTP AUTH against.
  verifier: string;
  expiresAt: Date | null;
  // Narrows the sender's CIDRs; empty means the sender's.
  allowedCidrs: string[];
}

// The credentials relays must accept: active, not past expiry, of an active sender. The relay
// snapshot is built from this (the only reader of verifiers).
export async function activeCredentialsForPolicy({
  now = new Date(),
  db = getDb(),
}: {
  now?: Date;
  db?: Executor;
} = {}): Promise<PolicyCredential[]> {
  return db
    .select({
      id: smtpCredentials.id,
      senderId: smtpCredentials.senderId,
      username: smtpCredentials.username,
      verifier: smtpCredentials.verifier,
      expiresAt: smtpCredentials.expiresAt,
      allowedCidrs: smtpCredentials.allowedCidrs,
    })
    .from(smtpCredentials)
    .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
    .where(and(eq(senders.status, "active"), activeAt(now)))
    .orderBy(asc(smtpCredentials.username));
}
