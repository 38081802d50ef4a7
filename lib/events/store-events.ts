import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { CopyValue } from "@/db/copy-text";
import { deliveryEvents, type NewDeliveryEvent } from "@/db/schema";
import { type StagedColumn, stageRows } from "@/db/stage-rows";
import { rollupUpsert } from "./rollup";

// What a writer stores per event (received_at is the database's clock).
export type StoredEvent = Omit<Required<NewDeliveryEvent>, "receivedAt" | "at"> & { at: Date | string };

const COLUMNS: readonly (StagedColumn & { pick: (e: StoredEvent) => CopyValue })[] = [
  { name: "source", sqlType: "text", pick: (e) => e.source },
  { name: "relay_id", sqlType: "uuid", pick: (e) => e.relayId },
  { name: "event_id", sqlType: "text", pick: (e) => e.eventId },
  { name: "type", sqlType: "delivery_event_type", pick: (e) => e.type },
  { name: "at", sqlType: "timestamptz", pick: (e) => (e.at instanceof Date ? e.at.toISOString() : e.at) },
  { name: "message_id", sqlType: "text", pick: (e) => e.messageId },
  { name: "queue_id", sqlType: "text", pick: (e) => e.queueId },
  { name: "sender_id", sqlType: "uuid", pick: (e) => e.senderId },
  { name: "credential_id", sqlType: "uuid", pick: (e) => e.credentialId },
  { name: "username", sqlType: "text", pick: (e) => e.username },
  { name: "client_ip", sqlType: "text", pick: (e) => e.clientIp },
  { name: "from_address", sqlType: "text", pick: (e) => e.fromAddress },
  { name: "recipient", sqlType: "text", pick: (e) => e.recipient },
  { name: "recipient_domain", sqlType: "text", pick: (e) => e.recipientDomain },
  { name: "reason", sqlType: "text", pick: (e) => e.reason },
  { name: "smtp_code", sqlType: "integer", pick: (e) => e.smtpCode },
  { name: "enhanced_code", sqlType: "text", pick: (e) => e.enhancedCode },
  { name: "bounce_type", sqlType: "text", pick: (e) => e.bounceType },
  { name: "detail", sqlType: "text", pick: (e) => e.detail },
  { name: "tls", sqlType: "boolean", pick: (e) => e.tls },
  { name: "policy_version", sqlType: "bigint", pick: (e) => e.policyVersion },
  { name: "count", sqlType: "integer", pick: (e) => e.count },
];
const COLUMN_LIST = sql.raw(COLUMNS.map((c) => c.name).join(", "));

// Per connection, emptied at every commit: concurrent batches never see each other's rows, and a
// connection keeps one table instead of creating and dropping one per batch (catalog churn).
const STAGING = "pg_temp.delivery_events_staging";

// Stores the events new to us and counts them in the rollups, inside the caller's transaction:
// the rows go to a staging table (COPY on PostgreSQL, db/stage-rows.ts), then one statement moves
// them into delivery_events — an event whose (source, id) is stored already is skipped — and
// adds exactly the rows it inserted to the rollups. A retried batch therefore changes nothing, and
// of two concurrent batches sharing an event, only the one whose insert wins counts it (the other
// waits on the key until the first commits, then skips it). Answers the ids that were new. The caller makes the
// partitions of the rows' days first (ensureEventPartitions).
export async function storeEvents(tx: Tx, events: readonly StoredEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  await tx.execute(
    sql`create temp table if not exists delivery_events_staging (like ${deliveryEvents} including defaults) on commit delete rows`,
  );
  await stageRows(
    tx,
    STAGING,
    COLUMNS,
    events.map((e) => COLUMNS.map((c) => c.pick(e))),
  );
  const inserted = await tx.execute<{ event_id: string }>(sql`
    with inserted as (
      insert into ${deliveryEvents} (${COLUMN_LIST})
      select ${COLUMN_LIST} from ${sql.raw(STAGING)} staged
      -- Idempotent by event id, not only by the key: an id already stored on another day (a
      -- relay that resent it with another "at") is skipped too. The key's (source, event_id)
      -- prefix serves this probe in every partition.
      where not exists (
        select 1 from ${deliveryEvents} stored where stored.source = staged.source and stored.event_id = staged.event_id
      )
      -- Key order: concurrent batches sharing events wait on each other's keys in one order.
      order by source, event_id, at
      on conflict do nothing
      returning event_id, at, type, sender_id, reason, bounce_type, tls, from_address, recipient_domain, count
    ), rolled_up as (${rollupUpsert(sql`inserted`)})
    select event_id from inserted`);
  return new Set(inserted.rows.map((r) => r.event_id));
}
