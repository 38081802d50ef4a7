import { and, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deliveryEvents, deliveryStats, senders, smtpCredentials } from "@/db/schema";
import { BASELINE_DAYS, BURST_THRESHOLD, BURST_WINDOW_MS, DAY_MS, formatRate, HOUR_MS } from "./baseline";
import type { Detection } from "./react-to-detection";

const WINDOWS_PER_WEEK = (BASELINE_DAYS * DAY_MS) / BURST_WINDOW_MS;
const WINDOW_MINUTES = BURST_WINDOW_MS / 60_000;

// The sender's usual refusals of this reason per 5 minutes over the last 7 days (hour rollups):
// shown beside the burst so the alert explains itself.
async function usualPerWindow(senderIds: string[], reason: "auth" | "domain", now: Date): Promise<Map<string, number>> {
  const h = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const rows = await getDb()
    .select({ senderId: deliveryStats.senderId, n: sql<string>`sum(${deliveryStats.count})` })
    .from(deliveryStats)
    .where(
      and(
        inArray(deliveryStats.senderId, senderIds),
        eq(deliveryStats.grain, "sender"),
        eq(deliveryStats.bucketSize, "hour"),
        gte(deliveryStats.bucketStart, new Date(h - BASELINE_DAYS * DAY_MS)),
        eq(deliveryStats.outcome, "rejected"),
        eq(deliveryStats.reason, reason),
      ),
    )
    .groupBy(deliveryStats.senderId);
  return new Map(rows.map((r) => [r.senderId, Number(r.n) / WINDOWS_PER_WEEK]));
}

const inWindow = (now: Date) =>
  and(gt(deliveryEvents.at, new Date(now.getTime() - BURST_WINDOW_MS)), lte(deliveryEvents.at, now));

// AUTH failures per username (of a known credential) within the last 5 minutes; at the threshold
// a detection whose kill switch is that credential's.
export async function checkAuthFailures({
  usernames,
  now = new Date(),
}: {
  usernames: string[];
  now?: Date;
}): Promise<Detection[]> {
  if (usernames.length === 0) return [];
  const rows = await getDb()
    .select({ username: deliveryEvents.username, n: sql<string>`sum(${deliveryEvents.count})` })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.type, "rejected"),
        eq(deliveryEvents.reason, "auth"),
        inArray(deliveryEvents.username, [...new Set(usernames)]),
        inWindow(now),
      ),
    )
    .groupBy(deliveryEvents.username);
  const bursts = rows.filter((r) => r.username && Number(r.n) >= BURST_THRESHOLD);
  if (bursts.length === 0) return [];
  const credentials = await getDb()
    .select({
      id: smtpCredentials.id,
      username: smtpCredentials.username,
      senderId: smtpCredentials.senderId,
      senderName: senders.name,
    })
    .from(smtpCredentials)
    .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
    .where(
      inArray(
        smtpCredentials.username,
        bursts.map((b) => b.username as string),
      ),
    );
  const usual = await usualPerWindow(
    credentials.map((c) => c.senderId),
    "auth",
    now,
  );
  return credentials.map((c) => {
    const value = Number(bursts.find((b) => b.username === c.username)?.n ?? 0);
    const baseline = `usual ${formatRate(usual.get(c.senderId) ?? 0)} per ${WINDOW_MINUTES} min`;
    return {
      senderId: c.senderId,
      senderName: c.senderName,
      rule: "auth_failures" as const,
      subject: c.username,
      value,
      baseline,
      title: `${c.senderName}: ${value.toLocaleString("en-US")} failed AUTH attempts for username ${c.username} in ${WINDOW_MINUTES} min, ${baseline} (threshold ${BURST_THRESHOLD})`,
      detail: { credentialId: c.id, username: c.username, windowMinutes: WINDOW_MINUTES, threshold: BURST_THRESHOLD },
      target: { scope: "credential" as const, id: c.id },
    };
  });
}

// From addresses refused (reason "domain": not a domain the sender may use) per sender within the
// last 5 minutes; at the threshold a detection whose kill switch is the sender's.
export async function checkRejectedFrom({
  senderIds,
  now = new Date(),
}: {
  senderIds: string[];
  now?: Date;
}): Promise<Detection[]> {
  if (senderIds.length === 0) return [];
  const ids = [...new Set(senderIds)];
  const rows = await getDb()
    .select({
      senderId: deliveryEvents.senderId,
      n: sql<string>`sum(${deliveryEvents.count})`,
      froms: sql<string[]>`(array_agg(distinct ${deliveryEvents.fromAddress}))[1:3]`,
    })
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.type, "rejected"),
        eq(deliveryEvents.reason, "domain"),
        inArray(deliveryEvents.senderId, ids),
        inWindow(now),
      ),
    )
    .groupBy(deliveryEvents.senderId);
  const bursts = rows.filter((r) => r.senderId && Number(r.n) >= BURST_THRESHOLD);
  if (bursts.length === 0) return [];
  const burstIds = bursts.map((b) => b.senderId as string);
  const names = await getDb()
    .select({ id: senders.id, name: senders.name })
    .from(senders)
    .where(inArray(senders.id, burstIds));
  const usual = await usualPerWindow(burstIds, "domain", now);
  return bursts.map((b) => {
    const senderId = b.senderId as string;
    const name = names.find((s) => s.id === senderId)?.name ?? senderId;
    const value = Number(b.n);
    const baseline = `usual ${formatRate(usual.get(senderId) ?? 0)} per ${WINDOW_MINUTES} min`;
    const examples = (b.froms ?? []).filter(Boolean);
    return {
      senderId,
      senderName: name,
      rule: "rejected_from" as const,
      subject: "",
      value,
      baseline,
      title: `${name}: ${value.toLocaleString("en-US")} messages refused for a From address not allowed in ${WINDOW_MINUTES} min, ${baseline} (threshold ${BURST_THRESHOLD})${examples.length ? `; e.g. ${examples.join(", ")}` : ""}`,
      detail: { windowMinutes: WINDOW_MINUTES, threshold: BURST_THRESHOLD, examples },
      target: { scope: "sender" as const, id: senderId },
    };
  });
}
