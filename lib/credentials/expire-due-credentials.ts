import { and, eq, isNotNull, lte } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";

function dueAt(now: Date, senderId?: string) {
  const due = and(
    eq(smtpCredentials.status, "active"),
    isNotNull(smtpCredentials.expiresAt),
    lte(smtpCredentials.expiresAt, now),
  );
  return senderId ? and(due, eq(smtpCredentials.senderId, senderId)) : due;
}

// Marks active credentials past their expiry as expired (audited as the system, one policy bump
// if any changed). Cheap when nothing is due, so listings call it lazily; relay code may too.
// Safe to run concurrently: the conditional UPDATE claims each row once.
export async function expireDueCredentials({
  now = new Date(),
  senderId,
  db = getDb(),
}: {
  now?: Date;
  senderId?: string;
  db?: Executor;
} = {}): Promise<{
  expired: string[];
  policyVersion: number | null;
}> {
  const [anyDue] = await db
    .select({ id: smtpCredentials.id })
    .from(smtpCredentials)
    .where(dueAt(now, senderId))
    .limit(1);
  if (!anyDue) return { expired: [], policyVersion: null };
  return db.transaction(async (tx) => {
    const rows = await tx.update(smtpCredentials).set({ status: "expired" }).where(dueAt(now, senderId)).returning({
      id: smtpCredentials.id,
      username: smtpCredentials.username,
      senderId: smtpCredentials.senderId,
      expiresAt: smtpCredentials.expiresAt,
    });
    if (rows.length === 0) return { expired: [], policyVersion: null };
    const policyVersion = await bumpPolicyVersion(tx, SYSTEM_ACTOR, `${rows.length} credential(s) expired`);
    for (const row of rows) {
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: "credential.expire",
        targetType: "smtp_credential",
        targetId: row.id,
        before: { status: "active", expiresAt: row.expiresAt },
        after: { status: "expired", username: row.username, senderId: row.senderId, policyVersion },
      });
    }
    return { expired: rows.map((r) => r.id), policyVersion };
  });
}
