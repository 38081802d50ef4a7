import { desc, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Alert, alerts } from "@/db/schema";

export async function listOpenAlerts(limit = 50): Promise<Alert[]> {
  return getDb().select().from(alerts).where(isNull(alerts.resolvedAt)).orderBy(desc(alerts.createdAt)).limit(limit);
}

export async function listRecentAlerts(limit = 100): Promise<Alert[]> {
  return getDb().select().from(alerts).orderBy(desc(alerts.createdAt)).limit(limit);
}
