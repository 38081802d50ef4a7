import { eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { alerts } from "@/db/schema";

// Alert kinds raised by domain posture. Raised through the same mechanism as reputation alerts
// (lib/alerts): in-app at once, the webhook loop delivers them.
export const POSTURE_ALERT_KINDS = {
  dnsCritical: "dns_posture_critical",
  dmarcAlignment: "dmarc_alignment",
  unknownSource: "dmarc_unknown_source",
} as const;

export const dnsCriticalKey = (domainId: string) => `dns_posture:critical:${domainId}`;
export const alignmentKey = (domain: string) => `dmarc_alignment:${domain}`;
export const unknownSourceKey = (domain: string, ip: string) => `dmarc_unknown_source:${domain}:${ip}`;

// Whether this condition was ever alerted (open or resolved): "new unknown source" fires once.
export async function everAlerted(dedupeKey: string, db: Executor = getDb()): Promise<boolean> {
  const [row] = await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.dedupeKey, dedupeKey)).limit(1);
  return !!row;
}
