CREATE TYPE "public"."alert_severity" AS ENUM('info', 'warning', 'critical');--> statement-breakpoint
CREATE TYPE "public"."bucket_size" AS ENUM('minute', 'hour');--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"title" text NOT NULL,
	"detail" jsonb,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"resolved_at" timestamp with time zone,
	"webhook_status" text DEFAULT 'pending' NOT NULL,
	"webhook_attempts" integer DEFAULT 0 NOT NULL,
	"webhook_next_attempt_at" timestamp with time zone,
	"webhook_last_error" text
);
--> statement-breakpoint
CREATE TABLE "delivery_stats" (
	"bucket_size" "bucket_size" NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"sender_id" uuid NOT NULL,
	"outcome" "delivery_event_type" NOT NULL,
	"reason" text NOT NULL,
	"from_domain" text NOT NULL,
	"recipient_domain" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "delivery_stats_bucket_size_bucket_start_sender_id_outcome_reason_from_domain_recipient_domain_pk" PRIMARY KEY("bucket_size","bucket_start","sender_id","outcome","reason","from_domain","recipient_domain")
);
--> statement-breakpoint
CREATE TABLE "sender_thresholds" (
	"sender_id" uuid PRIMARY KEY NOT NULL,
	"bounce_warn_pct" integer,
	"bounce_suspend_pct" integer,
	"complaint_warn_bp" integer,
	"complaint_suspend_bp" integer,
	"min_volume" integer,
	"auto_suspend" boolean,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dmarc_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"source_ip" text NOT NULL,
	"count" bigint NOT NULL,
	"disposition" text NOT NULL,
	"dkim_result" text NOT NULL,
	"spf_result" text NOT NULL,
	"header_from" text NOT NULL,
	"dkim_domain" text,
	"spf_domain" text,
	"date_begin" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dmarc_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_name" text NOT NULL,
	"report_id" text NOT NULL,
	"domain" text NOT NULL,
	"domain_id" uuid,
	"date_begin" timestamp with time zone NOT NULL,
	"date_end" timestamp with time zone NOT NULL,
	"policy_p" text,
	"source" text NOT NULL,
	"raw_bytes" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_by" uuid
);
--> statement-breakpoint
CREATE TABLE "dmarc_source_marks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"source_ip" text NOT NULL,
	"verdict" text NOT NULL,
	"note" text,
	"marked_by" uuid,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dns_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain_id" uuid NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"findings" jsonb NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dmarc_records" ADD CONSTRAINT "dmarc_records_report_id_dmarc_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."dmarc_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dmarc_reports" ADD CONSTRAINT "dmarc_reports_domain_id_sending_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."sending_domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dmarc_reports" ADD CONSTRAINT "dmarc_reports_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dmarc_source_marks" ADD CONSTRAINT "dmarc_source_marks_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dns_checks" ADD CONSTRAINT "dns_checks_domain_id_sending_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."sending_domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_dedupe_idx" ON "alerts" USING btree ("dedupe_key") WHERE "alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_created_at_idx" ON "alerts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alerts_webhook_idx" ON "alerts" USING btree ("webhook_status","webhook_next_attempt_at");--> statement-breakpoint
CREATE INDEX "delivery_stats_time_idx" ON "delivery_stats" USING btree ("bucket_size","bucket_start");--> statement-breakpoint
CREATE INDEX "delivery_stats_sender_time_idx" ON "delivery_stats" USING btree ("sender_id","bucket_size","bucket_start");--> statement-breakpoint
CREATE INDEX "dmarc_records_domain_ip_idx" ON "dmarc_records" USING btree ("domain","source_ip");--> statement-breakpoint
CREATE INDEX "dmarc_records_date_idx" ON "dmarc_records" USING btree ("domain","date_begin");--> statement-breakpoint
CREATE UNIQUE INDEX "dmarc_reports_org_report_idx" ON "dmarc_reports" USING btree ("org_name","report_id");--> statement-breakpoint
CREATE INDEX "dmarc_reports_domain_idx" ON "dmarc_reports" USING btree ("domain","date_begin");--> statement-breakpoint
CREATE UNIQUE INDEX "dmarc_source_marks_idx" ON "dmarc_source_marks" USING btree ("domain","source_ip");--> statement-breakpoint
CREATE INDEX "dns_checks_domain_idx" ON "dns_checks" USING btree ("domain_id","checked_at");