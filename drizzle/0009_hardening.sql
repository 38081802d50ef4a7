CREATE TYPE "public"."change_request_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "relay_credentials" (
	"relay_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relay_credentials_relay_id_credential_id_pk" PRIMARY KEY("relay_id","credential_id")
);
--> statement-breakpoint
CREATE TABLE "relay_dkim_keys" (
	"relay_id" uuid NOT NULL,
	"dkim_key_id" uuid NOT NULL,
	"first_served_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_served_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relay_dkim_keys_relay_id_dkim_key_id_pk" PRIMARY KEY("relay_id","dkim_key_id")
);
--> statement-breakpoint
CREATE TABLE "sender_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_id" uuid NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"changes" jsonb NOT NULL,
	"status" "change_request_status" DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text
);
--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "warnings" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "senders" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "relay_credentials" ADD CONSTRAINT "relay_credentials_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_credentials" ADD CONSTRAINT "relay_credentials_credential_id_smtp_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."smtp_credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_dkim_keys" ADD CONSTRAINT "relay_dkim_keys_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_dkim_keys" ADD CONSTRAINT "relay_dkim_keys_dkim_key_id_dkim_keys_id_fk" FOREIGN KEY ("dkim_key_id") REFERENCES "public"."dkim_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_change_requests" ADD CONSTRAINT "sender_change_requests_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_change_requests" ADD CONSTRAINT "sender_change_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_change_requests" ADD CONSTRAINT "sender_change_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "relay_dkim_keys_key_idx" ON "relay_dkim_keys" USING btree ("dkim_key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sender_change_requests_one_pending_idx" ON "sender_change_requests" USING btree ("sender_id") WHERE "sender_change_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "sender_change_requests_status_idx" ON "sender_change_requests" USING btree ("status","requested_at");--> statement-breakpoint
-- Relays that polled before holdings were recorded are assumed to hold every key not yet retired.
INSERT INTO "relay_dkim_keys" ("relay_id", "dkim_key_id") SELECT r."id", k."id" FROM "relays" r CROSS JOIN "dkim_keys" k WHERE r."last_poll_at" IS NOT NULL AND k."status" <> 'retired' ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "relay_credentials" ("relay_id", "credential_id") SELECT DISTINCT e."relay_id", e."credential_id" FROM "delivery_events" e JOIN "smtp_credentials" c ON c."id" = e."credential_id" WHERE e."type" = 'accepted' AND e."relay_id" IS NOT NULL ON CONFLICT DO NOTHING;
