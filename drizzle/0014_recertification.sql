CREATE TYPE "public"."recertification_outcome" AS ENUM('confirmed', 'no_longer_needed');--> statement-breakpoint
CREATE TABLE "denied_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_key" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"actor_role" text,
	"permission" text NOT NULL,
	"surface" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"last_ip" text,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recertification_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_by" uuid,
	"started_by_label" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_within_days" integer,
	"sender_count" integer DEFAULT 0 NOT NULL,
	"mailed_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recertification_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_id" uuid NOT NULL,
	"review_date" date NOT NULL,
	"kind" text NOT NULL,
	"recipient_email" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "recertification_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"recipient_email" text NOT NULL,
	"token_verifier" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"mail_status" text DEFAULT 'sent' NOT NULL,
	"mail_error" text
);
--> statement-breakpoint
CREATE TABLE "recertifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"sender_id" uuid NOT NULL,
	"sender_name" text NOT NULL,
	"outcome" "recertification_outcome" NOT NULL,
	"confirmed_by" text NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"scope" jsonb NOT NULL,
	"review_date_before" date NOT NULL,
	"review_date_after" date
);
--> statement-breakpoint
ALTER TABLE "recertification_campaigns" ADD CONSTRAINT "recertification_campaigns_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recertification_notices" ADD CONSTRAINT "recertification_notices_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recertification_requests" ADD CONSTRAINT "recertification_requests_campaign_id_recertification_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."recertification_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recertification_requests" ADD CONSTRAINT "recertification_requests_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recertifications" ADD CONSTRAINT "recertifications_request_id_recertification_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recertification_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recertifications" ADD CONSTRAINT "recertifications_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "denied_attempts_bucket_idx" ON "denied_attempts" USING btree ("actor_key","permission","surface","minute");--> statement-breakpoint
CREATE INDEX "denied_attempts_minute_idx" ON "denied_attempts" USING btree ("minute");--> statement-breakpoint
CREATE UNIQUE INDEX "recertification_notices_step_idx" ON "recertification_notices" USING btree ("sender_id","review_date","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "recertification_requests_token_idx" ON "recertification_requests" USING btree ("token_verifier");--> statement-breakpoint
CREATE INDEX "recertification_requests_sender_idx" ON "recertification_requests" USING btree ("sender_id");--> statement-breakpoint
CREATE INDEX "recertification_requests_campaign_idx" ON "recertification_requests" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recertifications_request_idx" ON "recertifications" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "recertifications_sender_idx" ON "recertifications" USING btree ("sender_id");--> statement-breakpoint
CREATE INDEX "recertifications_confirmed_at_idx" ON "recertifications" USING btree ("confirmed_at");