import { and, eq, inArray, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recertificationNotices, type Sender, senders } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { sendNotification } from "@/lib/notify/send-notification";
import { todayUtc } from "@/lib/senders/review";
import { getSetting } from "@/lib/settings/settings";
import { addDaysUtc, daysBetween } from "./dates";
import { suspendedMail, warningMail } from "./mail-text";
import { scopeOfSender } from "./sender-scope";

export const RECERTIFICATION_ACTOR = { ...SYSTEM_ACTOR, label: "system (re-certification)" };
// The final warning goes out this many days before the suspension, and a suspension waits at least
// this long after the final warning actually went out (a setting turned on late warns first too).
export const FINAL_WARNING_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

type Step = "warning_due" | "warning_final" | "suspended";

export interface EnforcementOutcome {
  warned: { sender: string; step: Step }[];
  suspended: string[];
}

// Records a step once per sender and review date; false when it was already taken.
async function claimStep(sender: Sender, kind: Step, now: Date): Promise<boolean> {
  const rows = await getDb()
    .insert(recertificationNotices)
    .values({
      senderId: sender.id,
      reviewDate: sender.reviewDate,
      kind,
      recipientEmail: sender.contactEmail,
      at: now,
      status: "pending",
    })
    .onConflictDoNothing()
    .returning({ id: recertificationNotices.id });
  return rows.length > 0;
}

async function settleStep(sender: Sender, kind: Step, status: string, detail: string | null): Promise<void> {
  await getDb()
    .update(recertificationNotices)
    .set({ status, detail })
    .where(
      and(
        eq(recertificationNotices.senderId, sender.id),
        eq(recertificationNotices.reviewDate, sender.reviewDate),
        eq(recertificationNotices.kind, kind),
      ),
    );
}

async function warn(sender: Sender, kind: "warning_due" | "warning_final", suspendOn: string, now: Date) {
  if (!(await claimStep(sender, kind, now))) return false;
  const mail = warningMail(await scopeOfSender(sender), suspendOn, kind === "warning_final");
  try {
    await sendNotification({ to: sender.contactEmail, ...mail });
    await settleStep(sender, kind, "sent", null);
  } catch (error) {
    // The owner could not be told: security is, and the suspension still waits its days.
    const message = (error as Error).message.slice(0, 500);
    await settleStep(sender, kind, "failed", message);
    await raiseAlert({
      kind: "recertification",
      severity: "warning",
      subjectType: "sender",
      subjectId: sender.id,
      title: `${sender.name}: the re-certification warning could not be mailed to ${sender.contactEmail}`,
      detail: { error: message, suspendOn },
      dedupeKey: `recertification:mail:${sender.id}`,
    });
  }
  await getDb().transaction((tx) =>
    writeAudit(tx, RECERTIFICATION_ACTOR, {
      action: "sender.recertification.warn",
      targetType: "sender",
      targetId: sender.id,
      after: { step: kind, reviewDate: sender.reviewDate, suspendOn, to: sender.contactEmail },
    }),
  );
  return true;
}

// When the final warning went out for this review date (null: not yet).
async function finalWarningAt(sender: Sender): Promise<Date | null> {
  const [row] = await getDb()
    .select({ at: recertificationNotices.at })
    .from(recertificationNotices)
    .where(
      and(
        eq(recertificationNotices.senderId, sender.id),
        eq(recertificationNotices.reviewDate, sender.reviewDate),
        eq(recertificationNotices.kind, "warning_final"),
      ),
    );
  return row?.at ?? null;
}

// The periodic job: with recertification.autoSuspendAfterDays = N > 0, an active sender whose
// review date passed gets a warning at its review date and a final one N-3 days after it, and is
// stopped N days after it (and not before 3 days after the final warning) by its sender kill
// switch, engaged by "system (re-certification)" like the reputation auto-suspend. A confirmation
// moves the review date, which starts the steps afresh. Idempotent: each step is recorded once.
export async function enforceReviewDates({ now = new Date() }: { now?: Date } = {}): Promise<EnforcementOutcome> {
  const out: EnforcementOutcome = { warned: [], suspended: [] };
  const afterDays = await getSetting("recertification.autoSuspendAfterDays");
  if (afterDays <= 0) return out;
  const today = todayUtc(now);
  const overdue = await getDb()
    .select()
    .from(senders)
    .where(and(inArray(senders.status, ["active"]), lte(senders.reviewDate, today)));
  for (const sender of overdue) {
    const daysOver = daysBetween(sender.reviewDate, today);
    const suspendOn = addDaysUtc(sender.reviewDate, afterDays);
    const finalFrom = Math.max(0, afterDays - FINAL_WARNING_DAYS);
    if (finalFrom > 0 && (await warn(sender, "warning_due", suspendOn, now)))
      out.warned.push({ sender: sender.name, step: "warning_due" });
    if (daysOver >= finalFrom && (await warn(sender, "warning_final", suspendOn, now)))
      out.warned.push({ sender: sender.name, step: "warning_final" });
    if (daysOver < afterDays) continue;
    const warnedAt = await finalWarningAt(sender);
    const graceMs = Math.min(FINAL_WARNING_DAYS, afterDays) * DAY_MS;
    if (!warnedAt || now.getTime() - warnedAt.getTime() < graceMs) continue;
    if (await engagedKillSwitchFor("sender", sender.id)) continue;
    if (!(await claimStep(sender, "suspended", now))) continue;
    const reason = `Auto-suspended: not re-certified ${daysOver} days after its review date ${sender.reviewDate} (limit ${afterDays} days)`;
    await engageKillSwitch({
      actor: RECERTIFICATION_ACTOR,
      input: { scope: "sender", targetId: sender.id, reason },
    }).catch((error) => {
      if ((error as { code?: string }).code !== "conflict") throw error;
    });
    out.suspended.push(sender.name);
    await raiseAlert({
      kind: "recertification",
      severity: "critical",
      subjectType: "sender",
      subjectId: sender.id,
      title: `${sender.name}: suspended automatically, not re-certified (review date ${sender.reviewDate})`,
      detail: { reviewDate: sender.reviewDate, daysOver, afterDays },
      dedupeKey: `recertification:suspend:${sender.id}`,
    });
    const mail = suspendedMail(await scopeOfSender(sender), daysOver);
    await sendNotification({ to: sender.contactEmail, ...mail }).then(
      () => settleStep(sender, "suspended", "sent", null),
      (error: Error) => settleStep(sender, "suspended", "failed", error.message.slice(0, 500)),
    );
  }
  return out;
}
