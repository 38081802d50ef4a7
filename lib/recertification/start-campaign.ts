import { and, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recertificationCampaigns, recertificationRequests, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { readNotifyConfig } from "@/lib/notify/notify-config";
import { sendNotification } from "@/lib/notify/send-notification";
import { todayUtc } from "@/lib/senders/review";
import { getSettings } from "@/lib/settings/settings";
import type { StartCampaignInput } from "@/lib/validations/recertification";
import { addDaysUtc } from "./dates";
import { campaignMail } from "./mail-text";
import { type SenderScope, scopeOfSender } from "./sender-scope";
import { newRecertificationToken } from "./token";

// Senders that can be re-certified: approved or in use (a request is not yet approved, a retired or
// rejected sender is out of use).
export const RECERTIFIABLE_STATUSES = ["approved", "active", "suspended"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CampaignResult {
  campaignId: string;
  senderCount: number;
  mailed: number;
  failed: { sender: string; error: string }[];
}

// Picks the senders due within N days (or all), creates one single-use link per sender (only the
// token's verifier is stored) and mails it to the sender's contact through the relay. The campaign
// and its links are recorded and audited in one transaction before any mail leaves; each mail's
// outcome is recorded after.
export async function startCampaign({
  actor,
  input,
  now = new Date(),
}: {
  actor: Actor;
  input: StartCampaignInput;
  now?: Date;
}): Promise<CampaignResult> {
  // Links nobody receives would only wait to expire: refuse while notification mail is off.
  if (!(await readNotifyConfig()))
    throw new AppError("conflict", "Notification mail is off: set notify.smtpHost and notify.from in Settings first.");
  const settings = await getSettings(["recertification.linkBaseUrl", "recertification.linkValidityDays"]);
  const due = input.dueWithinDays === undefined ? null : addDaysUtc(todayUtc(now), input.dueWithinDays);
  const expiresAt = new Date(now.getTime() + settings["recertification.linkValidityDays"] * DAY_MS);
  const base = settings["recertification.linkBaseUrl"].replace(/\/+$/, "");

  const prepared = await getDb().transaction(async (tx) => {
    const chosen = await tx
      .select()
      .from(senders)
      .where(and(inArray(senders.status, [...RECERTIFIABLE_STATUSES]), due ? lte(senders.reviewDate, due) : undefined))
      .orderBy(senders.reviewDate, senders.name);
    if (chosen.length === 0) {
      const message = due ? `No sender has a review date on or before ${due}.` : "There is no sender to re-certify.";
      throw new AppError("validation_failed", message, { dueWithinDays: [message] });
    }
    const [campaign] = await tx
      .insert(recertificationCampaigns)
      .values({
        startedBy: actor.kind === "user" ? actor.id : null,
        startedByLabel: actor.label,
        startedAt: now,
        dueWithinDays: input.dueWithinDays ?? null,
        senderCount: chosen.length,
      })
      .returning();
    // One open link per sender: a new campaign retires the links of earlier ones still unanswered.
    await tx
      .update(recertificationRequests)
      .set({ expiresAt: now })
      .where(
        and(
          inArray(
            recertificationRequests.senderId,
            chosen.map((s) => s.id),
          ),
          isNull(recertificationRequests.usedAt),
          gt(recertificationRequests.expiresAt, now),
        ),
      );
    const links: { requestId: string; scope: SenderScope; link: string; to: string }[] = [];
    for (const sender of chosen) {
      const { token, verifier } = newRecertificationToken();
      const [request] = await tx
        .insert(recertificationRequests)
        .values({
          campaignId: campaign.id,
          senderId: sender.id,
          recipientEmail: sender.contactEmail,
          tokenVerifier: verifier,
          createdAt: now,
          expiresAt,
          mailStatus: "pending",
        })
        .returning({ id: recertificationRequests.id });
      links.push({
        requestId: request.id,
        scope: await scopeOfSender(sender, tx),
        link: `${base}/recertify/${token}`,
        to: sender.contactEmail,
      });
    }
    await writeAudit(tx, actor, {
      action: "recertification.campaign.start",
      targetType: "recertification_campaign",
      targetId: campaign.id,
      after: {
        dueWithinDays: input.dueWithinDays ?? null,
        dueOnOrBefore: due,
        expiresAt,
        senders: chosen.map((s) => ({ id: s.id, name: s.name, reviewDate: s.reviewDate, contact: s.contactEmail })),
      },
    });
    return { campaignId: campaign.id, links };
  });

  const failed: CampaignResult["failed"] = [];
  let mailed = 0;
  for (const { requestId, scope, link, to } of prepared.links) {
    const mail = campaignMail(scope, link, expiresAt);
    try {
      await sendNotification({ to, ...mail });
      mailed++;
      await getDb()
        .update(recertificationRequests)
        .set({ mailStatus: "sent" })
        .where(eq(recertificationRequests.id, requestId));
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      failed.push({ sender: scope.name, error: message });
      await getDb()
        .update(recertificationRequests)
        .set({ mailStatus: "failed", mailError: message })
        .where(eq(recertificationRequests.id, requestId));
    }
  }
  await getDb()
    .update(recertificationCampaigns)
    .set({ mailedCount: mailed, failedCount: failed.length })
    .where(eq(recertificationCampaigns.id, prepared.campaignId));
  return { campaignId: prepared.campaignId, senderCount: prepared.links.length, mailed, failed };
}
