import { and, asc, count, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senders, smtpCredentials } from "@/db/schema";

export const DORMANT_AFTER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DormantCredential {
  credentialId: string;
  username: string;
  senderId: string;
  senderName: string;
  lastUsedAt: Date | null;
  createdAt: Date;
}

// Active, unexpired credentials nobody has used for DORMANT_AFTER_DAYS: never used, or last used
// before then. A credential issued less than that ago and not used yet is not dormant (its owner
// is still setting it up), so "never used" counts from when it was issued.
function dormantWhere(now: Date) {
  const cutoff = new Date(now.getTime() - DORMANT_AFTER_DAYS * DAY_MS);
  return and(
    eq(smtpCredentials.status, "active"),
    or(isNull(smtpCredentials.expiresAt), gt(smtpCredentials.expiresAt, now)),
    lt(sql`coalesce(${smtpCredentials.lastUsedAt}, ${smtpCredentials.createdAt})`, cutoff),
  );
}

export async function dormantCredentials({
  now = new Date(),
  limit = 50,
  db = getDb(),
}: {
  now?: Date;
  limit?: number;
  db?: Executor;
} = {}): Promise<{ rows: DormantCredential[]; total: number }> {
  const where = dormantWhere(now);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        credentialId: smtpCredentials.id,
        username: smtpCredentials.username,
        senderId: smtpCredentials.senderId,
        senderName: senders.name,
        lastUsedAt: smtpCredentials.lastUsedAt,
        createdAt: smtpCredentials.createdAt,
      })
      .from(smtpCredentials)
      .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
      .where(where)
      .orderBy(
        asc(sql`coalesce(${smtpCredentials.lastUsedAt}, ${smtpCredentials.createdAt})`),
        asc(smtpCredentials.username),
      )
      .limit(limit),
    db.select({ total: count() }).from(smtpCredentials).where(where),
  ]);
  return { rows, total };
}
