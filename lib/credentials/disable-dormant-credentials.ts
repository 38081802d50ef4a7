import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { credentialDormancyWarnings, senders, smtpCredentials } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { NotifyUnavailableError, sendNotification } from "@/lib/notify/send-notification";
import { getSettings } from "@/lib/settings/settings";
import { revokeCredential } from "./revoke-credential";

export const DORMANCY_ACTOR: Actor = { ...SYSTEM_ACTOR, label: "system (dormancy)" };
// The owner is warned this long before a dormant credential is disabled.
export const DORMANCY_WARNING_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
// Credentials handled per run (the job runs again soon).
const BATCH = 500;

const day = (d: Date) => d.toISOString().slice(0, 10);

export interface DormancyRun {
  warned: { credentialId: string; username: string; disableAt: Date }[];
  disabled: { credentialId: string; username: string; reason: string }[];
}

// Disables (revokes, as "system (dormancy)", with the reason) active credentials unused for
// credentials.dormantDisableDays, or never used credentials.neverUsedDisableDays after issue. The
// owner is warned first: an alert naming the sender's contact email and an audit entry
// DORMANCY_WARNING_DAYS before; a credential is disabled only once a warning about the same last
// use is that old (so one found long dormant is warned now and disabled a week later). A use
// after the warning makes it stale: the clock starts again. Idempotent (pass `now` in tests).
export async function disableDormantCredentials({ now = new Date() }: { now?: Date } = {}): Promise<DormancyRun> {
  const settings = await getSettings(["credentials.dormantDisableDays", "credentials.neverUsedDisableDays"]);
  const usedDays = settings["credentials.dormantDisableDays"];
  const neverDays = settings["credentials.neverUsedDisableDays"];
  const run: DormancyRun = { warned: [], disabled: [] };
  const limits = [usedDays, neverDays].filter((d) => d > 0);
  if (limits.length === 0) return run;
  const earliestWarning = new Date(now.getTime() - (Math.min(...limits) - DORMANCY_WARNING_DAYS) * DAY_MS);
  const db = getDb();
  const candidates = await db
    .select({
      id: smtpCredentials.id,
      username: smtpCredentials.username,
      createdAt: smtpCredentials.createdAt,
      lastUsedAt: smtpCredentials.lastUsedAt,
      senderId: smtpCredentials.senderId,
      senderName: senders.name,
      contactEmail: senders.contactEmail,
    })
    .from(smtpCredentials)
    .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
    .where(
      and(
        eq(smtpCredentials.status, "active"),
        or(isNull(smtpCredentials.expiresAt), gt(smtpCredentials.expiresAt, now)),
        lte(sql`coalesce(${smtpCredentials.lastUsedAt}, ${smtpCredentials.createdAt})`, earliestWarning),
      ),
    )
    .orderBy(sql`coalesce(${smtpCredentials.lastUsedAt}, ${smtpCredentials.createdAt})`)
    .limit(BATCH);
  if (candidates.length === 0) return run;
  const warnings = await db
    .select()
    .from(credentialDormancyWarnings)
    .where(
      inArray(
        credentialDormancyWarnings.credentialId,
        candidates.map((c) => c.id),
      ),
    );
  for (const c of candidates) {
    const limitDays = c.lastUsedAt ? usedDays : neverDays;
    if (limitDays === 0) continue;
    const basis = c.lastUsedAt ?? c.createdAt;
    const dueAt = new Date(basis.getTime() + limitDays * DAY_MS);
    if (now.getTime() < dueAt.getTime() - DORMANCY_WARNING_DAYS * DAY_MS) continue;
    const idle = Math.floor((now.getTime() - basis.getTime()) / DAY_MS);
    const what = c.lastUsedAt
      ? `unused for ${idle} days (last used ${day(c.lastUsedAt)})`
      : `never used in the ${idle} days since it was issued (${day(c.createdAt)})`;
    const warning = warnings.find((w) => w.credentialId === c.id && w.basis.getTime() === basis.getTime());
    if (!warning) {
      const disableAt = new Date(Math.max(dueAt.getTime(), now.getTime() + DORMANCY_WARNING_DAYS * DAY_MS));
      await warn({ credential: c, basis, disableAt, what, now });
      run.warned.push({ credentialId: c.id, username: c.username, disableAt });
      continue;
    }
    if (now < warning.disableAt) continue;
    const reason = `Dormant: ${what}; the owner (${c.contactEmail}) was warned on ${day(warning.warnedAt)}. Disabled automatically after ${limitDays} days (${c.lastUsedAt ? "credentials.dormantDisableDays" : "credentials.neverUsedDisableDays"}).`;
    await revokeCredential({ actor: DORMANCY_ACTOR, input: { credentialId: c.id, reason } }).then(
      () => run.disabled.push({ credentialId: c.id, username: c.username, reason }),
      (error) => {
        // Revoked or expired meanwhile: nothing left to disable.
        if ((error as { code?: string }).code !== "conflict") throw error;
      },
    );
  }
  return run;
}

async function warn({
  credential: c,
  basis,
  disableAt,
  what,
  now,
}: {
  credential: { id: string; username: string; senderId: string; senderName: string; contactEmail: string };
  basis: Date;
  disableAt: Date;
  what: string;
  now: Date;
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .insert(credentialDormancyWarnings)
      .values({ credentialId: c.id, basis, warnedAt: now, disableAt })
      .onConflictDoUpdate({
        target: credentialDormancyWarnings.credentialId,
        set: { basis, warnedAt: now, disableAt },
      });
    const title = `${c.senderName}: credential ${c.username} is ${what}; it will be disabled on ${day(disableAt)} unless used. Owner: ${c.contactEmail}`;
    await raiseAlert(
      {
        kind: "credential_dormancy",
        severity: "warning",
        subjectType: "smtp_credential",
        subjectId: c.id,
        title,
        detail: { sender: c.senderName, senderId: c.senderId, username: c.username, owner: c.contactEmail, disableAt },
        dedupeKey: `credential_dormancy:${c.id}:${basis.toISOString()}`,
      },
      tx,
    );
    await writeAudit(tx, DORMANCY_ACTOR, {
      action: "credential.dormancy_warning",
      targetType: "smtp_credential",
      targetId: c.id,
      reason: title,
      after: { username: c.username, lastUse: basis, disableAt, owner: c.contactEmail },
    });
  });
  await mailOwner(c, what, disableAt);
}

// The owner hears it by mail (through the relay, lib/notify) when notification mail is on; the
// alert above tells security either way. The outcome is audited, never the failure's secrets.
async function mailOwner(
  c: { id: string; username: string; senderName: string; contactEmail: string },
  what: string,
  disableAt: Date,
): Promise<void> {
  let outcome: string;
  try {
    await sendNotification({
      to: c.contactEmail,
      subject: `Switchyard: SMTP credential ${c.username} will be disabled on ${day(disableAt)}`,
      text: [
        `The SMTP credential ${c.username} of the sender "${c.senderName}" is ${what}.`,
        `Unless it authenticates at the relay before ${day(disableAt)}, it will be disabled automatically.`,
        "If it is no longer needed, nothing needs to be done. If it is, use it, or ask your security team.",
      ].join("\n\n"),
    });
    outcome = "mailed";
  } catch (error) {
    outcome = error instanceof NotifyUnavailableError ? "not mailed: notification mail is off" : "mail failed";
    console.warn(`dormancy warning for ${c.username}: ${outcome}: ${error instanceof Error ? error.message : error}`);
  }
  await getDb().transaction((tx) =>
    writeAudit(tx, DORMANCY_ACTOR, {
      action: "credential.dormancy_warning_mail",
      targetType: "smtp_credential",
      targetId: c.id,
      reason: `owner ${c.contactEmail}: ${outcome}`,
    }),
  );
}
