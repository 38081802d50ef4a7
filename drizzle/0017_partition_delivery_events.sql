-- delivery_events partitioned by day (range on "at", UTC days), so retention drops a day's
-- partition instead of deleting its rows one by one (lib/events/retention.ts). Hand-written
-- (`drizzle-kit generate --custom`): drizzle-kit does not describe partitions; the schema snapshot
-- only changes the primary key, which must hold the partition key: (source, event_id, at). A
-- retried event carries the same "at" (see db/schema/delivery-events.ts), so it still conflicts.
--
-- No DEFAULT partition: a row landing there would later stop its day's partition from being
-- created (PostgreSQL refuses while the default holds rows of the range) and could only be
-- removed row by row. Every writer first makes the partitions of the days it writes
-- (ensure_delivery_events_partition below, called by lib/events/event-partitions.ts), and a
-- background job keeps a few days ahead ready.
--
-- One function makes a day's partition, for this migration and for the control plane: idempotent
-- and safe when several processes make the same day at once (the loser's duplicate is ignored).
CREATE FUNCTION ensure_delivery_events_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := 'delivery_events_p' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(quote_ident(name)) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF delivery_events FOR VALUES FROM (%L) TO (%L)',
    name,
    day::timestamp AT TIME ZONE 'UTC',
    (day + 1)::timestamp AT TIME ZONE 'UTC'
  );
EXCEPTION
  WHEN duplicate_table OR unique_violation THEN
    NULL;
END;
$$;--> statement-breakpoint
ALTER TABLE "delivery_events" RENAME TO "delivery_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "delivery_events_unpartitioned" DROP CONSTRAINT "delivery_events_source_event_id_pk";--> statement-breakpoint
ALTER TABLE "delivery_events_unpartitioned" DROP CONSTRAINT "delivery_events_relay_id_relays_id_fk";--> statement-breakpoint
DROP INDEX "delivery_events_message_idx";--> statement-breakpoint
DROP INDEX "delivery_events_at_idx";--> statement-breakpoint
DROP INDEX "delivery_events_sender_at_idx";--> statement-breakpoint
CREATE TABLE "delivery_events" (
	"source" text NOT NULL,
	"relay_id" uuid,
	"event_id" text NOT NULL,
	"type" "delivery_event_type" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"message_id" text,
	"queue_id" text,
	"sender_id" uuid,
	"credential_id" uuid,
	"username" text,
	"client_ip" text,
	"from_address" text,
	"recipient" text,
	"recipient_domain" text,
	"reason" text,
	"smtp_code" integer,
	"enhanced_code" text,
	"bounce_type" text,
	"detail" text,
	"tls" boolean,
	"policy_version" bigint,
	"count" integer DEFAULT 1 NOT NULL
) PARTITION BY RANGE ("at");--> statement-breakpoint
-- The days present, then the rows; keys and indexes after (built once per partition).
SELECT ensure_delivery_events_partition(day) FROM (
	SELECT DISTINCT ("at" AT TIME ZONE 'UTC')::date AS day FROM "delivery_events_unpartitioned"
) AS days;--> statement-breakpoint
INSERT INTO "delivery_events" ("source", "relay_id", "event_id", "type", "at", "received_at", "message_id", "queue_id",
	"sender_id", "credential_id", "username", "client_ip", "from_address", "recipient", "recipient_domain", "reason",
	"smtp_code", "enhanced_code", "bounce_type", "detail", "tls", "policy_version", "count")
SELECT "source", "relay_id", "event_id", "type", "at", "received_at", "message_id", "queue_id",
	"sender_id", "credential_id", "username", "client_ip", "from_address", "recipient", "recipient_domain", "reason",
	"smtp_code", "enhanced_code", "bounce_type", "detail", "tls", "policy_version", "count"
FROM "delivery_events_unpartitioned";--> statement-breakpoint
DROP TABLE "delivery_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_source_event_id_at_pk" PRIMARY KEY("source","event_id","at");--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_events_message_idx" ON "delivery_events" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "delivery_events_at_idx" ON "delivery_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "delivery_events_sender_at_idx" ON "delivery_events" USING btree ("sender_id","at");
