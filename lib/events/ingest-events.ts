import net from "node:net";
import { getDb } from "@/db/client";
import { recordCredentialUse } from "@/lib/credentials/record-credential-use";
import { AppError, fieldErrorsOf, parseInput } from "@/lib/errors";
import { scheduleMisuseCheck } from "@/lib/misuse/evaluate-after-ingest";
import { type EventBatch, type RelayEvent, relayEventSchema } from "@/lib/relay-contract/schemas";
import { scheduleReputationCheck } from "@/lib/reputation/evaluate-after-ingest";
import { suppressHardBounces } from "@/lib/suppressions/suppress-bounces";
import { recordCredentialUseSchema } from "@/lib/validations/credentials";
import { checkRelayedCredentials, recordHeldCredentials } from "./check-relayed-credentials";
import { ensureEventPartitions } from "./event-partitions";
import { type StoredEvent, storeEvents } from "./store-events";
import { raiseVirusAlerts } from "./virus-alerts";

export interface IngestResult {
  accepted: number;
  duplicates: number;
  invalid: { index: number; id: string | null; errors: Record<string, string[]> }[];
  // New events by type (for metrics; not part of the relay contract's answer).
  outcomes: Partial<Record<RelayEvent["type"], number>>;
}

const recipientDomainOf = (recipient: string | null | undefined) =>
  recipient?.includes("@") ? recipient.slice(recipient.lastIndexOf("@") + 1).toLowerCase() : null;

// The row stored for a relay's event.
const storedEvent = (relayId: string, e: RelayEvent): StoredEvent => ({
  source: `relay:${relayId}`,
  relayId,
  eventId: e.id,
  type: e.type,
  at: e.at,
  messageId: e.messageId ?? null,
  queueId: e.queueId ?? null,
  senderId: e.senderId ?? null,
  credentialId: e.credentialId ?? null,
  username: e.username ?? null,
  clientIp: e.clientIp ?? null,
  fromAddress: e.from ?? null,
  recipient: e.recipient ?? null,
  recipientDomain: recipientDomainOf(e.recipient),
  reason: e.reason ?? null,
  smtpCode: e.smtpCode ?? null,
  enhancedCode: e.enhancedCode ?? null,
  bounceType: e.bounceType ?? null,
  detail: e.detail ?? null,
  tls: e.tls ?? null,
  policyVersion: e.policyVersion ?? null,
  count: e.count ?? 1,
});

// "Last used" is usage telemetry that only moves forward, so it is written after the events
// commit, one short statement per credential in username order: concurrent batches never wait
// on each other's credential rows for a whole ingest (nor deadlock on them). A failure is logged;
// the events are stored either way, and the next batch moves it again. Each use is derived from
// the events, so it is parsed here (a use claimed in the future is refused, and logged).
async function recordCredentialUses(uses: Map<string, { at: Date; from: string }>): Promise<void> {
  for (const username of [...uses.keys()].sort()) {
    const use = uses.get(username) as { at: Date; from: string };
    try {
      await recordCredentialUse(parseInput(recordCredentialUseSchema, { username, at: use.at, from: use.from }));
    } catch (error) {
      console.error(`[ingest] last use of ${username.slice(0, 80)} not recorded: ${(error as Error).message}`);
    }
  }
}

// The newest successful SMTP AUTH per credential username in the batch.
function latestUses(events: RelayEvent[]): Map<string, { at: Date; from: string }> {
  const lastUse = new Map<string, { at: Date; from: string }>();
  for (const e of events) {
    if (e.type !== "accepted" || !e.username || !e.clientIp || net.isIP(e.clientIp) === 0) continue;
    const at = new Date(e.at);
    const seen = lastUse.get(e.username);
    if (!seen || seen.at < at) lastUse.set(e.username, { at, from: e.clientIp });
  }
  return lastUse;
}

// The relay id always comes from the token; a batch or event naming another relay is refused whole.
function refuseForeignRelayIds(relayId: string, batchRelayId: string | undefined, events: RelayEvent[]): void {
  const foreign = [batchRelayId, ...events.map((e) => e.relayId)].find((id) => id !== undefined && id !== relayId);
  if (foreign) throw new AppError("forbidden", "This relay token may only post events for its own relay.");
}

// A relay's batch, its envelope parsed by the route (eventBatchSchema). Each event is validated
// here, on its own: the contract keeps a batch's valid events and names the invalid ones, so one
// bad event does not lose the rest. Outcome events are checked against the credentials this relay
// accepted mail from, stored idempotently by (relay, event id) together with the rollups the
// charts read, in one transaction (with the alerts viruses raise); successful SMTP AUTHs move the
// credential's "last used".
export async function ingestEvents({
  relayId,
  input: batch,
}: {
  relayId: string;
  input: EventBatch;
}): Promise<IngestResult> {
  const parsed: { index: number; event: RelayEvent }[] = [];
  const invalid: IngestResult["invalid"] = [];
  const idOf = (raw: unknown) =>
    typeof (raw as { id?: unknown })?.id === "string" ? String((raw as { id: string }).id).slice(0, 100) : null;
  batch.events.forEach((raw, index) => {
    const result = relayEventSchema.safeParse(raw);
    if (result.success) parsed.push({ index, event: result.data });
    else invalid.push({ index, id: idOf(raw), errors: fieldErrorsOf(result.error) });
  });
  refuseForeignRelayIds(
    relayId,
    batch.relayId,
    parsed.map((p) => p.event),
  );
  // The partitions of the batch's days, before its transaction (see ensureEventPartitions).
  await ensureEventPartitions(parsed.map((p) => p.event.at));
  const { fresh, valid, unique } = await getDb().transaction(async (tx) => {
    const verdicts = await checkRelayedCredentials(
      tx,
      relayId,
      parsed.map((p) => p.event),
    );
    const valid: RelayEvent[] = [];
    parsed.forEach(({ index, event }, i) => {
      const why = verdicts.refused.get(i);
      if (why) invalid.push({ index, id: event.id, errors: { credentialId: [why] } });
      else valid.push(event);
    });
    // The same id twice in one batch counts once.
    const unique = [...new Map(valid.map((e) => [e.id, e])).values()];
    await recordHeldCredentials(tx, relayId, verdicts.newlyHeld);
    // Only events new to us are stored and counted in the rollups, so a retried batch leaves
    // them unchanged (lib/events/store-events.ts).
    const stored = await storeEvents(
      tx,
      unique.map((e) => storedEvent(relayId, e)),
    );
    const fresh = stored.size === unique.length ? unique : unique.filter((e) => stored.has(e.id));
    await raiseVirusAlerts(tx, relayId, fresh);
    // Hard-bounced recipients are refused at RCPT from the next policy version on.
    await suppressHardBounces(tx, fresh);
    return { fresh, valid, unique };
  });
  invalid.sort((a, b) => a.index - b.index);
  await recordCredentialUses(latestUses(unique));
  // Judging reputation reads the rollups just written: after the commit, off the relay's request.
  scheduleReputationCheck(fresh.map((e) => ({ senderId: e.senderId ?? null, type: e.type })));
  // Misuse detection (volume, new source network, AUTH and From bursts) likewise, right away.
  scheduleMisuseCheck(fresh);
  const accepted = fresh.length;
  const outcomes: IngestResult["outcomes"] = {};
  for (const e of fresh) outcomes[e.type] = (outcomes[e.type] ?? 0) + 1;
  return { accepted, duplicates: unique.length - accepted + (valid.length - unique.length), invalid, outcomes };
}
