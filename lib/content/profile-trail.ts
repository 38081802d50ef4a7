import { and, desc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type AuditEntry, auditLog } from "@/db/schema";

export const PROFILE_AUDIT_LIMIT = 100;

// The profile's audit trail, newest first: its own edits and every change of its rules.
export async function listProfileAudit(profileId: string, db: Executor = getDb()): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "content_profile"), eq(auditLog.targetId, profileId)))
    .orderBy(desc(auditLog.seq))
    .limit(PROFILE_AUDIT_LIMIT);
}
