import { eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { senderThresholds } from "@/db/schema";
import { getSettings } from "@/lib/settings/settings";

export interface Thresholds {
  bounceWarnPct: number;
  bounceSuspendPct: number;
  complaintWarnPct: number;
  complaintSuspendPct: number;
  minVolume: number;
  windowHours: number;
  autoSuspend: boolean;
}

const BP_PER_PCT = 100;

// The global thresholds (settings; defaults from Amazon SES's review/pause levels), overridden
// field by field by the sender's own row where it has one.
export async function effectiveThresholds(
  senderId: string,
  db: Executor = getDb(),
): Promise<Thresholds & { overridden: string[] }> {
  const [settings, [own]] = await Promise.all([
    getSettings(
      [
        "reputation.bounceWarnPct",
        "reputation.bounceSuspendPct",
        "reputation.complaintWarnPct",
        "reputation.complaintSuspendPct",
        "reputation.minVolume",
        "reputation.windowHours",
        "reputation.autoSuspendDefault",
      ],
      db,
    ),
    db.select().from(senderThresholds).where(eq(senderThresholds.senderId, senderId)),
  ]);
  const overridden: string[] = [];
  const pick = <T>(field: string, value: T | null | undefined, fallback: T): T => {
    if (value === null || value === undefined) return fallback;
    overridden.push(field);
    return value;
  };
  return {
    bounceWarnPct: pick("bounceWarnPct", own?.bounceWarnPct, settings["reputation.bounceWarnPct"]),
    bounceSuspendPct: pick("bounceSuspendPct", own?.bounceSuspendPct, settings["reputation.bounceSuspendPct"]),
    complaintWarnPct: pick(
      "complaintWarnPct",
      own?.complaintWarnBp == null ? null : own.complaintWarnBp / BP_PER_PCT,
      settings["reputation.complaintWarnPct"],
    ),
    complaintSuspendPct: pick(
      "complaintSuspendPct",
      own?.complaintSuspendBp == null ? null : own.complaintSuspendBp / BP_PER_PCT,
      settings["reputation.complaintSuspendPct"],
    ),
    minVolume: pick("minVolume", own?.minVolume, settings["reputation.minVolume"]),
    windowHours: settings["reputation.windowHours"],
    autoSuspend: pick("autoSuspend", own?.autoSuspend, settings["reputation.autoSuspendDefault"]),
    overridden,
  };
}
