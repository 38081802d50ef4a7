import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { alerts, relays, senders } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import type { RelayEvent } from "@/lib/relay-contract/schemas";

export const VIRUS_ALERT_KIND = "virus";
const HOUR_MS = 60 * 60 * 1000;
const MAX_SIGNATURES = 5;

// Who sent it: the sender when the relay matched one, else the envelope sender it claimed.
const senderKeyOf = (e: RelayEvent) => (e.senderId ? e.senderId : `from:${(e.from ?? "").toLowerCase()}`);
export const virusAlertKey = (senderKey: string) => `virus:${senderKey}`;

// A virus the relay refused raises a critical alert naming the sender, the relay and the
// signature: the sender's system is likely infected. At most one per sender per hour: while
// the sender's alert is open and under an hour old, more viruses add nothing; an older one is
// closed (superseded) and a new one opened, so a sender still sending viruses alerts again.
// Runs in the ingest transaction, for events new to us only: a retried batch raises nothing twice.
export async function raiseVirusAlerts(tx: Tx, relayId: string, fresh: RelayEvent[], now = new Date()): Promise<void> {
  const viruses = fresh.filter((e) => e.type === "rejected" && e.reason === "virus");
  if (viruses.length === 0) return;
  const bySender = new Map<string, RelayEvent[]>();
  for (const e of viruses) bySender.set(senderKeyOf(e), [...(bySender.get(senderKeyOf(e)) ?? []), e]);
  const senderIds = [...new Set(viruses.flatMap((e) => (e.senderId ? [e.senderId] : [])))];
  const [relay] = await tx.select({ name: relays.name }).from(relays).where(eq(relays.id, relayId));
  const named = senderIds.length
    ? await tx.select({ id: senders.id, name: senders.name }).from(senders).where(inArray(senders.id, senderIds))
    : [];
  const nameOf = new Map(named.map((s) => [s.id, s.name]));
  // Sorted, so concurrent batches touch the same alerts in the same order.
  for (const key of [...bySender.keys()].sort()) {
    const events = bySender.get(key) as RelayEvent[];
    const first = events[0];
    const sender =
      (first.senderId && nameOf.get(first.senderId)) || first.from || first.senderId || "an unknown sender";
    const signatures = [...new Set(events.map((e) => e.detail ?? "").filter(Boolean))].slice(0, MAX_SIGNATURES);
    const dedupeKey = virusAlertKey(key);
    await tx
      .update(alerts)
      .set({ resolvedAt: now })
      .where(
        and(
          eq(alerts.dedupeKey, dedupeKey),
          isNull(alerts.resolvedAt),
          lt(alerts.createdAt, new Date(now.getTime() - HOUR_MS)),
        ),
      );
    await raiseAlert(
      {
        kind: VIRUS_ALERT_KIND,
        severity: "critical",
        subjectType: "sender",
        subjectId: first.senderId ?? null,
        title: `Virus from ${sender} refused by relay ${relay?.name ?? relayId}${signatures[0] ? `: ${signatures[0]}` : ""}`,
        detail: {
          sender,
          from: first.from ?? null,
          relay: relay?.name ?? relayId,
          signatures,
          messages: events.length,
        },
        dedupeKey,
      },
      tx,
    );
  }
}
