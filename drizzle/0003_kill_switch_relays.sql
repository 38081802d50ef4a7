CREATE TYPE "public"."delivery_event_type" AS ENUM('accepted', 'rejected', 'delivered', 'deferred', 'bounced', 'complained');--> statement-breakpoint
CREATE TYPE "public"."kill_switch_scope" AS ENUM('global', 'sender', 'credential', 'domain');--> statement-breakpoint
CREATE TYPE "public"."relay_status" AS ENUM('active', 'revoked');--> statement-breakpoint
CREATE TABLE "delivery_events" (
	"relay_id" uuid NOT NULL,
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
	"policy_version" bigint,
	CONSTRAINT "delivery_events_relay_id_event_id_pk" PRIMARY KEY("relay_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "kill_switches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" "kill_switch_scope" NOT NULL,
	"target_id" uuid,
	"target_label" text NOT NULL,
	"reason" text NOT NULL,
	"engaged_by" uuid,
	"engaged_by_label" text NOT NULL,
	"engaged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"released_by" uuid,
	"released_by_label" text,
	"released_at" timestamp with time zone,
	"release_reason" text
);
--> statement-breakpoint
CREATE TABLE "relays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_prefix" text NOT NULL,
	"token_last4" text NOT NULL,
	"verifier" text NOT NULL,
	"status" "relay_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	"last_heartbeat_at" timestamp with time zone,
	"last_seen_ip" text,
	"software_version" text,
	"policy_version" bigint,
	"policy_applied_at" timestamp with time zone,
	"queue_depth" integer,
	"spool_depth" integer,
	"listen" text,
	"last_poll_at" timestamp with time zone,
	CONSTRAINT "relays_name_unique" UNIQUE("name"),
	CONSTRAINT "relays_verifier_unique" UNIQUE("verifier")
);
--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kill_switches" ADD CONSTRAINT "kill_switches_engaged_by_users_id_fk" FOREIGN KEY ("engaged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kill_switches" ADD CONSTRAINT "kill_switches_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_events_at_idx" ON "delivery_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "delivery_events_sender_at_idx" ON "delivery_events" USING btree ("sender_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "kill_switches_one_engaged_idx" ON "kill_switches" USING btree ("scope",coalesce("target_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "kill_switches"."released_at" is null;--> statement-breakpoint
CREATE INDEX "kill_switches_engaged_at_idx" ON "kill_switches" USING btree ("engaged_at");