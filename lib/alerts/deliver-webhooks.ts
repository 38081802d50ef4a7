import { and, eq, isNull, lte, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Alert, alerts } from "@/db/schema";
import { getSetting } from "@/lib/settings/settings";

export const WEBHOOK_MAX_ATTEMPTS = 6;
const WEBHOOK_TIMEOUT_MS = 5_000;
const BACKOFF_BASE_MS = 15_000;

// Slack incoming-webhook JSON (also read by Mattermost, Teams workflows and most chat tools).
export function slackBody(alert: Alert): { text: string } {
  const icon =
    alert.severity === "critical"
      ? ":rotating_light:"
      : alert.severity === "warning"
        ? ":warning:"
        : ":information_source:";
  const detail = alert.detail
    ? Object.entries(alert.detail as Record<string, unknown>).map(
        ([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`,
      )
    : [];
  return { text: [`${icon} *Switchyard ${alert.severity}*: ${alert.title}`, ...detail].join("\n") };
}

export const backoffMs = (attempt: number) => BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1);

// Sends due alerts to the webhook, retrying with exponential backoff; gives up after
// WEBHOOK_MAX_ATTEMPTS. Returns how many were sent.
export async function deliverDueWebhooks({
  now = new Date(),
  fetcher = fetch,
}: {
  now?: Date;
  fetcher?: typeof fetch;
} = {}): Promise<number> {
  const db = getDb();
  const url = await getSetting("alerts.webhookUrl");
  const due = await db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.webhookStatus, "pending"),
        or(isNull(alerts.webhookNextAttemptAt), lte(alerts.webhookNextAttemptAt, now)),
      ),
    )
    .limit(50);
  if (!url) {
    for (const alert of due) await db.update(alerts).set({ webhookStatus: "disabled" }).where(eq(alerts.id, alert.id));
    return 0;
  }
  let sent = 0;
  for (const alert of due) {
    const attempt = alert.webhookAttempts + 1;
    let failure: string | null = null;
    try {
      const response = await fetcher(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(slackBody(alert)),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!response.ok) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message.slice(0, 200);
    }
    if (!failure) sent++;
    await db
      .update(alerts)
      .set({
        webhookAttempts: attempt,
        webhookStatus: failure ? (attempt >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "pending") : "sent",
        webhookNextAttemptAt: failure ? new Date(now.getTime() + backoffMs(attempt)) : null,
        webhookLastError: failure,
      })
      .where(eq(alerts.id, alert.id));
  }
  return sent;
}
