import net from "node:net";
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { deliveryEvents } from "@/db/schema";
import { unnest } from "@/db/unnest";
import { recordCredentialUse } from "@/lib/credentials/record-credential-use";
import { AppError, fieldErrorsOf, parseInput } from "@/lib/errors";
import { scheduleMisuseCheck } from "@/lib/misuse/evaluate-after-ingest";
import { type EventBatch, type RelayEvent, relayEventSchema } from "@/lib/relay-contract/schemas";
import { scheduleReputationCheck } from "@/lib/reputation/evaluate-after-ingest";
import { suppressHardBounces } from "@/lib/suppressions/suppress-bounces";
import { recordCredentialUseSchema } from "@/lib/validations/credentials";
import { checkRelayedCredentials, recordHeldCredentials } from "./check-relayed-credentials";
import { applyRollups } from "./rollup";
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

// Stores the events new to us (one statement, column-wise) and answers which ones they were.
async function insertNewEvents(tx: Tx, relayId: string, events: RelayEvent[]): Promise<RelayEvent[]> {
  if (events.length === 0) return [];
  const column = <T>(pick: (e: RelayEvent) => T) => events.map(pick);
  const result = await tx.execute<{ event_id: string }>(sql`
    insert into ${deliveryEvents} (source, relay_id, event_id, type, at, message_id, queue_id, sender_id, credential_id, username,
      client_ip, from_address, recipient, recipient_domain, reason, smtp_code, enhanced_code, bounce_type, detail, tls, policy_version, count)
    select ${`relay:${relayId}`}, ${relayId}::uuid, * from ${unnest([
      [column((e) => e.id), "text"],
      [column((e) => e.type), "delivery_event_type"],
      [column((e) => e.at), "timestamptz"],
      [column((e) => e.messageId ?? null), "text"],
      [column((e) => e.queueId ?? null), "text"],
      [column((e) => e.senderId ?? null), "uuid"],
      [column((e) => e.credentialId ?? null), "uuid"],
      [column((e) => e.username ?? null), "text"],
      [column((e) => e.clientIp ?? null), "text"],
      [column((e) => e.from ?? null), "text"],
      [column((e) => e.recipient ?? null), "text"],
      [column((e) => recipientDomainOf(e.recipient)), "text"],
      [column((e) => e.reason ?? null), "text"],
      [column((e) => e.smtpCode ?? null), "integer"],
      [column((e) => e.enhancedCode ?? null), "text"],
      [column((e) => e.bounceType ?? null), "text"],
      [column((e) => e.detail ?? null), "text"],
      // As text, like every column of unnest (db/unnest.ts).
      [column((e) => (typeof e.tls === "boolean" ? String(e.tls) : null)), "boolean"],
      [column((e) => e.policyVersion ?? null), "bigint"],
      [column((e) => e.count ?? 1), "integer"],
    ])}
    on conflict do nothing
    returning event_id`);
  const inserted = new Set(result.rows.map((r) => r.event_id));
  return inserted.size === events.length ? events : events.filter((e) => inserted.has(e.id));
}

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
    const fresh = await insertNewEvents(tx, relayId, unique);
    // Only events new to us count, so a retried batch leaves the rollups unchanged. Rows that
    // concurrent batches share come last (sorted), so their locks are held only until the commit.
    await applyRollups(
      tx,
      fresh.map((e) => ({
        atMs: Date.parse(e.at),
        type: e.type,
        senderId: e.senderId ?? null,
        reason: e.reason ?? null,
        bounceType: e.bounceType ?? null,
        tls: e.tls ?? null,
        fromAddress: e.from ?? null,
        recipientDomain: recipientDomainOf(e.recipient),
        count: e.count ?? 1,
      })),
    );
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
