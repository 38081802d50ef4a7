import net from "node:net";
import { getDb } from "@/db/client";
import { deliveryEvents, type NewDeliveryEvent } from "@/db/schema";
import { recordCredentialUse } from "@/lib/credentials/record-credential-use";
import { fieldErrorsOf, parseInput } from "@/lib/errors";
import { type RelayEvent, eventBatchSchema, relayEventSchema } from "@/lib/relay-contract/schemas";
import { evaluateAfterIngest } from "@/lib/reputation/evaluate-after-ingest";
import { applyRollups } from "./rollup";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  invalid: { index: number; id: string | null; errors: Record<string, string[]> }[];
  // New events by type (for metrics; not part of the relay contract's answer).
  outcomes: Partial<Record<RelayEvent["type"], number>>;
}

const INSERT_CHUNK = 500;

function toRow(relayId: string, e: RelayEvent): NewDeliveryEvent {
  const recipientDomain = e.recipient?.includes("@") ? e.recipient.slice(e.recipient.lastIndexOf("@") + 1).toLowerCase() : null;
  return {
    source: `relay:${relayId}`,
    relayId,
    eventId: e.id,
    type: e.type,
    at: new Date(e.at),
    messageId: e.messageId ?? null,
    queueId: e.queueId ?? null,
    senderId: e.senderId ?? null,
    credentialId: e.credentialId ?? null,
    username: e.username ?? null,
    clientIp: e.clientIp ?? null,
    fromAddress: e.from ?? null,
    recipient: e.recipient ?? null,
    recipientDomain,
    reason: e.reason ?? null,
    smtpCode: e.smtpCode ?? null,
    enhancedCode: e.enhancedCode ?? null,
    bounceType: e.bounceType ?? null,
    detail: e.detail ?? null,
    policyVersion: e.policyVersion ?? null,
  };
}

// A relay's batch: each event validated on its own (invalid ones are named, valid ones kept),
// stored idempotently by (relay, event id) together with the rollups the charts read, in one
// transaction; successful SMTP AUTHs move the credential's "last used".
export async function ingestEvents({ relayId, input }: { relayId: string; input: unknown }): Promise<IngestResult> {
  const { events } = parseInput(eventBatchSchema, input);
  const valid: RelayEvent[] = [];
  const invalid: IngestResult["invalid"] = [];
  events.forEach((raw, index) => {
    const parsed = relayEventSchema.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else invalid.push({ index, id: typeof (raw as { id?: unknown })?.id === "string" ? String((raw as { id: string }).id).slice(0, 100) : null, errors: fieldErrorsOf(parsed.error) });
  });
  // The same id twice in one batch counts once.
  const unique = [...new Map(valid.map((e) => [e.id, e])).values()];
  const { accepted, fresh } = await getDb().transaction(async (tx) => {
    const fresh: NewDeliveryEvent[] = [];
    for (let i = 0; i < unique.length; i += INSERT_CHUNK) {
      const rows = unique.slice(i, i + INSERT_CHUNK).map((e) => toRow(relayId, e));
      const result = await tx.insert(deliveryEvents).values(rows).onConflictDoNothing().returning({ eventId: deliveryEvents.eventId });
      const insertedIds = new Set(result.map((r) => r.eventId));
      fresh.push(...rows.filter((r) => insertedIds.has(r.eventId)));
    }
    // Only events new to us count, so a retried batch leaves the rollups unchanged.
    await applyRollups(
      tx,
      fresh.map((r) => ({ at: r.at, type: r.type, senderId: r.senderId ?? null, reason: r.reason ?? null, bounceType: r.bounceType ?? null, fromAddress: r.fromAddress ?? null, recipientDomain: r.recipientDomain ?? null })),
    );
    const inserted = fresh.length;
    const lastUse = new Map<string, { at: Date; from: string }>();
    for (const e of unique) {
      if (e.type !== "accepted" || !e.username || !e.clientIp || net.isIP(e.clientIp) === 0) continue;
      const at = new Date(e.at);
      const seen = lastUse.get(e.username);
      if (!seen || seen.at < at) lastUse.set(e.username, { at, from: e.clientIp });
    }
    for (const [username, use] of lastUse) {
      await recordCredentialUse({ username, at: use.at, from: use.from }, tx).catch(() => false);
    }
    return { accepted: inserted, fresh };
  });
  await evaluateAfterIngest(fresh.map((e) => ({ senderId: e.senderId ?? null, type: e.type })));
  const outcomes: IngestResult["outcomes"] = {};
  for (const e of fresh) outcomes[e.type] = (outcomes[e.type] ?? 0) + 1;
  return { accepted, duplicates: unique.length - accepted + (valid.length - unique.length), invalid, outcomes };
}
