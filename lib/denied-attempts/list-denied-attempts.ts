import { and, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type DeniedAttempt, deniedAttempts } from "@/db/schema";
import type { DeniedAttemptsFilter } from "@/lib/validations/denied-attempts";

export interface DeniedAttemptsPage {
  rows: DeniedAttempt[];
  page: number;
  pageCount: number;
  total: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(filter: DeniedAttemptsFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.actor) where.push(ilike(deniedAttempts.actorLabel, `%${escapeLike(filter.actor)}%`));
  if (filter.permission) where.push(ilike(deniedAttempts.permission, `%${escapeLike(filter.permission)}%`));
  if (filter.surface) where.push(eq(deniedAttempts.surface, filter.surface));
  if (filter.from) where.push(gte(deniedAttempts.minute, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) where.push(lt(deniedAttempts.minute, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS)));
  return where;
}

// Refused authorizations per actor, permission, surface and minute, newest first.
export async function listDeniedAttempts(
  filter: DeniedAttemptsFilter,
  db: Executor = getDb(),
): Promise<DeniedAttemptsPage> {
  const where = and(...conditions(filter));
  const [{ n }] = await db.select({ n: count() }).from(deniedAttempts).where(where);
  const pageCount = Math.max(1, Math.ceil(n / filter.limit));
  const page = Math.min(filter.page, pageCount);
  const rows = await db
    .select()
    .from(deniedAttempts)
    .where(where)
    .orderBy(desc(deniedAttempts.minute), desc(deniedAttempts.lastAt))
    .limit(filter.limit)
    .offset((page - 1) * filter.limit);
  return { rows, page, pageCount, total: n };
}
