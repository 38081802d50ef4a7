-- Compact rollups: a "day" bucket size and a "grain" (which dimensions a row keeps), existing rows
-- becoming the "full" grain, then the new grains and day buckets backfilled from them.
-- Hand-ordered (drizzle-kit put the new primary key before the column it uses) and, instead of
-- ALTER TYPE … ADD VALUE 'day' (a value that cannot be used before the migration commits), the
-- bucket_size type is recreated so the backfill below can write day rows in this transaction.
CREATE TYPE "public"."rollup_grain" AS ENUM('sender', 'recipient', 'full');--> statement-breakpoint
DROP INDEX "delivery_stats_time_idx";--> statement-breakpoint
DROP INDEX "delivery_stats_sender_time_idx";--> statement-breakpoint
ALTER TABLE "delivery_stats" DROP CONSTRAINT "delivery_stats_bucket_size_bucket_start_sender_id_outcome_reason_from_domain_recipient_domain_pk";--> statement-breakpoint
ALTER TABLE "delivery_stats" ALTER COLUMN "bucket_size" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."bucket_size";--> statement-breakpoint
CREATE TYPE "public"."bucket_size" AS ENUM('minute', 'hour', 'day');--> statement-breakpoint
ALTER TABLE "delivery_stats" ALTER COLUMN "bucket_size" SET DATA TYPE "public"."bucket_size" USING "bucket_size"::"public"."bucket_size";--> statement-breakpoint
ALTER TABLE "delivery_stats" ADD COLUMN "grain" "rollup_grain" DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_stats" ADD CONSTRAINT "delivery_stats_grain_bucket_size_bucket_start_sender_id_outcome_reason_from_domain_recipient_domain_pk" PRIMARY KEY("grain","bucket_size","bucket_start","sender_id","outcome","reason","from_domain","recipient_domain");--> statement-breakpoint
CREATE INDEX "delivery_stats_sender_time_idx" ON "delivery_stats" USING btree ("sender_id","grain","bucket_size","bucket_start");--> statement-breakpoint
-- Backfill: full-grain day rows from the hour rows, then the two compact grains from the full rows.
INSERT INTO "delivery_stats" ("grain", "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", "recipient_domain", "count")
SELECT 'full', 'day', date_bin('1 day', "bucket_start", timestamptz '1970-01-01 00:00:00+00'), "sender_id", "outcome", "reason", "from_domain", "recipient_domain", sum("count")
FROM "delivery_stats" WHERE "grain" = 'full' AND "bucket_size" = 'hour' GROUP BY 3, 4, 5, 6, 7, 8;--> statement-breakpoint
INSERT INTO "delivery_stats" ("grain", "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", "recipient_domain", "count")
SELECT 'sender', "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", '', sum("count")
FROM "delivery_stats" WHERE "grain" = 'full' GROUP BY 2, 3, 4, 5, 6, 7;--> statement-breakpoint
INSERT INTO "delivery_stats" ("grain", "bucket_size", "bucket_start", "sender_id", "outcome", "reason", "from_domain", "recipient_domain", "count")
SELECT 'recipient', "bucket_size", "bucket_start", '00000000-0000-0000-0000-000000000000', "outcome", '', '', "recipient_domain", sum("count")
FROM "delivery_stats" WHERE "grain" = 'full' GROUP BY 2, 3, 5, 8;
