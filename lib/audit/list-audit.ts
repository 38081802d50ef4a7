import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type AuditEntry, auditLog } from "@/db/schema";
import type { AuditFilter } from "@/lib/validations/audit";

export interface AuditPage {
  entries: AuditEntry[];
  // Cursor for the next (older) page, or null on the last page.
  nextBefore: number | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const DAY_MS = 24 * 60 * 60 * 1000;

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.actor) where.push(ilike(auditLog.actorLabel, `%${escapeLike(filter.actor)}%`));
  // "user." matches every user action; "user.create" just that one.
  if (filter.action)
    where.push(
      filter.action.endsWith(".")
        ? ilike(auditLog.action, `${escapeLike(filter.action)}%`)
        : eq(auditLog.action, filter.action),
    );
  if (filter.target) {
    const like = `%${escapeLike(filter.target)}%`;
    where.push(or(ilike(auditLog.targetId, like), ilike(auditLog.targetType, like))!);
  }
  if (filter.from) where.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(auditLog.at, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS)));
  if (filter.before) where.push(lt(auditLog.seq, filter.before));
  return where;
}

// Newest first, keyset-paginated on seq so deep pages cost the same as the first.
export async function listAudit(filter: AuditFilter, db: Executor = getDb()): Promise<AuditPage> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions(filter)))
    .orderBy(desc(auditLog.seq))
    .limit(filter.limit + 1);
  const hasMore = rows.length > filter.limit;
  const entries = hasMore ? rows.slice(0, filter.limit) : rows;
  return { entries, nextBefore: hasMore ? entries[entries.length - 1].seq : null };
}

export async function countAudit(db: Executor = getDb()): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return row?.n ?? 0;
}

export async function distinctAuditActions(db: Executor = getDb()): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
