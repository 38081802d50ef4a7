ALTER TABLE "delivery_events" DROP CONSTRAINT "delivery_events_relay_id_event_id_pk";--> statement-breakpoint
ALTER TABLE "delivery_events" ALTER COLUMN "relay_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "source" text NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_source_event_id_pk" PRIMARY KEY("source","event_id");--> statement-breakpoint
CREATE INDEX "delivery_events_message_idx" ON "delivery_events" USING btree ("message_id");
