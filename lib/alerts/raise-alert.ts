import { type Executor, getDb } from "@/db/client";
import { type Alert, alerts } from "@/db/schema";

export interface AlertInput {
  kind: string;
  severity: "info" | "warning" | "critical";
  subjectType: string;
  subjectId?: string | null;
  title: string;
  detail?: Record<string, unknown>;
  // One open alert per condition: raising it again while open does nothing.
  dedupeKey: string;
}

// Records an alert (in-app at once; the webhook delivery loop sends it). Returns null when an
// open alert with the same dedupe key already exists.
export async function raiseAlert(input: AlertInput, db: Executor = getDb()): Promise<Alert | null> {
  const [row] = await db
    .insert(alerts)
    .values({
      ...input,
      subjectId: input.subjectId ?? null,
      detail: input.detail ?? null,
      webhookNextAttemptAt: new Date(),
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}
