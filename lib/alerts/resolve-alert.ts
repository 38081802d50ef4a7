import { and, eq, isNull } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { alerts } from "@/db/schema";

// The condition cleared: close its open alert, so a relapse raises a new one. True if one was open.
export async function resolveAlert(dedupeKey: string, db: Executor = getDb()): Promise<boolean> {
  const rows = await db
    .update(alerts)
    .set({ resolvedAt: new Date() })
    .where(and(eq(alerts.dedupeKey, dedupeKey), isNull(alerts.resolvedAt)))
    .returning({ id: alerts.id });
  return rows.length > 0;
}
