-- delivery_stats partitioned by bucket size, then by grain (nine leaf tables), so the rows one chart
-- query reads — e.g. 30 days of the recipient grain's day rows — sit together in a small table
-- instead of being scattered over every page of one table that mostly holds minute rows. Same
-- columns, primary key (the upsert target of ingest) and indexes; drizzle-kit does not describe
-- partitions, so this migration is hand-written (`drizzle-kit generate --custom`) and the schema
-- snapshot is unchanged. Both enums are listed in full: a new grain or bucket size needs its
-- partition here before anything writes it.
ALTER TABLE "delivery_stats" RENAME TO "delivery_stats_unpartitioned";--> statement-breakpoint
CREATE TABLE "delivery_stats" (
	"grain" "rollup_grain" DEFAULT 'full' NOT NULL,
	"bucket_size" "bucket_size" NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"sender_id" uuid NOT NULL,
	"outcome" "delivery_event_type" NOT NULL,
	"reason" text NOT NULL,
	"from_domain" text NOT NULL,
	"recipient_domain" text NOT NULL,
	"count" bigint NOT NULL
) PARTITION BY LIST ("bucket_size");--> statement-breakpoint
CREATE TABLE "delivery_stats_minute" PARTITION OF "delivery_stats" FOR VALUES IN ('minute') PARTITION BY LIST ("grain");--> statement-breakpoint
CREATE TABLE "delivery_stats_hour" PARTITION OF "delivery_stats" FOR VALUES IN ('hour') PARTITION BY LIST ("grain");--> statement-breakpoint
CREATE TABLE "delivery_stats_day" PARTITION OF "delivery_stats" FOR VALUES IN ('day') PARTITION BY LIST ("grain");--> statement-breakpoint
CREATE TABLE "delivery_stats_minute_sender" PARTITION OF "delivery_stats_minute" FOR VALUES IN ('sender');--> statement-breakpoint
CREATE TABLE "delivery_stats_minute_recipient" PARTITION OF "delivery_stats_minute" FOR VALUES IN ('recipient');--> statement-breakpoint
CREATE TABLE "delivery_stats_minute_full" PARTITION OF "delivery_stats_minute" FOR VALUES IN ('full');--> statement-breakpoint
CREATE TABLE "delivery_stats_hour_sender" PARTITION OF "delivery_stats_hour" FOR VALUES IN ('sender');--> statement-breakpoint
CREATE TABLE "delivery_stats_hour_recipient" PARTITION OF "delivery_stats_hour" FOR VALUES IN ('recipient');--> statement-breakpoint
CREATE TABLE "delivery_stats_hour_full" PARTITION OF "delivery_stats_hour" FOR VALUES IN ('full');--> statement-breakpoint
CREATE TABLE "delivery_stats_day_sender" PARTITION OF "delivery_stats_day" FOR VALUES IN ('sender');--> statement-breakpoint
CREATE TABLE "delivery_stats_day_recipient" PARTITION OF "delivery_stats_day" FOR VALUES IN ('recipient');--> statement-breakpoint
CREATE TABLE "delivery_stats_day_full" PARTITION OF "delivery_stats_day" FOR VALUES IN ('full');--> statement-breakpoint
-- Rows first, then the keys and indexes (built once per partition rather than row by row).
INSERT INTO "delivery_stats" ("grain", "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", "recipient_domain", "count")
SELECT "grain", "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", "recipient_domain", "count" FROM "delivery_stats_unpartitioned";--> statement-breakpoint
DROP TABLE "delivery_stats_unpartitioned";--> statement-breakpoint
ALTER TABLE "delivery_stats" ADD CONSTRAINT "delivery_stats_grain_bucket_size_bucket_start_sender_id_outcome_reason_from_domain_recipient_domain_pk" PRIMARY KEY("grain","bucket_size","bucket_start","sender_id","outcome","reason","from_domain","recipient_domain");--> statement-breakpoint
CREATE INDEX "delivery_stats_sender_time_idx" ON "delivery_stats" USING btree ("sender_id","grain","bucket_size","bucket_start");--> statement-breakpoint
CREATE INDEX "delivery_stats_recipient_time_idx" ON "delivery_stats" USING btree ("recipient_domain","grain","bucket_size","bucket_start");--> statement-breakpoint
CREATE INDEX "delivery_stats_from_domain_time_idx" ON "delivery_stats" USING btree ("from_domain","grain","bucket_size","bucket_start");
