CREATE TYPE "public"."content_action" AS ENUM('reject', 'quarantine', 'tag', 'require_tls');--> statement-breakpoint
CREATE TYPE "public"."dlp_detector" AS ENUM('card', 'iban', 'regex', 'keywords');--> statement-breakpoint
CREATE TYPE "public"."scanner_failure" AS ENUM('defer', 'accept');--> statement-breakpoint
CREATE TYPE "public"."quarantine_status" AS ENUM('held', 'release_requested', 'released', 'delivered', 'deleted', 'expired');--> statement-breakpoint
CREATE TABLE "content_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"virus_scan" boolean DEFAULT true NOT NULL,
	"spam_scan" boolean DEFAULT true NOT NULL,
	"spam_score" real DEFAULT 15 NOT NULL,
	"spam_action" "content_action" DEFAULT 'reject' NOT NULL,
	"max_scan_bytes" integer DEFAULT 10485760 NOT NULL,
	"on_scanner_failure" "scanner_failure" DEFAULT 'defer' NOT NULL,
	"attachment_rules" jsonb NOT NULL,
	"default_for_internal" boolean DEFAULT false NOT NULL,
	"default_for_saas" boolean DEFAULT false NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_profiles_name_unique" UNIQUE("name"),
	CONSTRAINT "content_profiles_spam_action_check" CHECK ("content_profiles"."spam_action" <> 'require_tls'),
	CONSTRAINT "content_profiles_max_scan_bytes_check" CHECK ("content_profiles"."max_scan_bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "dlp_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_id" uuid NOT NULL,
	"name" text NOT NULL,
	"detector" "dlp_detector" NOT NULL,
	"pattern" text,
	"flags" text DEFAULT '' NOT NULL,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"min_count" integer DEFAULT 1 NOT NULL,
	"near_keywords" text[] DEFAULT '{}' NOT NULL,
	"near_within" integer DEFAULT 300 NOT NULL,
	"action" "content_action" NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dlp_rules_min_count_check" CHECK ("dlp_rules"."min_count" >= 1)
);
--> statement-breakpoint
CREATE TABLE "quarantined_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"relay_id" uuid NOT NULL,
	"sender_id" uuid,
	"credential_id" uuid,
	"queue_id" text,
	"message_id" text,
	"from_address" text,
	"recipients" text[] DEFAULT '{}' NOT NULL,
	"subject" text,
	"size_bytes" integer NOT NULL,
	"verdict" text NOT NULL,
	"findings" jsonb NOT NULL,
	"headers" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "quarantine_status" DEFAULT 'held' NOT NULL,
	"release_requested_by" uuid,
	"release_requested_at" timestamp with time zone,
	"release_reason" text,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"deleted_by" uuid,
	"deleted_at" timestamp with time zone,
	"delete_reason" text,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "scanners" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "senders" ADD COLUMN "content_profile_id" uuid;--> statement-breakpoint
ALTER TABLE "content_profiles" ADD CONSTRAINT "content_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dlp_rules" ADD CONSTRAINT "dlp_rules_profile_id_content_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."content_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_messages" ADD CONSTRAINT "quarantined_messages_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_messages" ADD CONSTRAINT "quarantined_messages_release_requested_by_users_id_fk" FOREIGN KEY ("release_requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_messages" ADD CONSTRAINT "quarantined_messages_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_messages" ADD CONSTRAINT "quarantined_messages_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "content_profiles_default_internal_idx" ON "content_profiles" USING btree ("default_for_internal") WHERE "content_profiles"."default_for_internal";--> statement-breakpoint
CREATE UNIQUE INDEX "content_profiles_default_saas_idx" ON "content_profiles" USING btree ("default_for_saas") WHERE "content_profiles"."default_for_saas";--> statement-breakpoint
CREATE INDEX "dlp_rules_profile_idx" ON "dlp_rules" USING btree ("profile_id","position");--> statement-breakpoint
CREATE INDEX "quarantined_messages_status_idx" ON "quarantined_messages" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "quarantined_messages_sender_idx" ON "quarantined_messages" USING btree ("sender_id","received_at");--> statement-breakpoint
CREATE INDEX "quarantined_messages_relay_idx" ON "quarantined_messages" USING btree ("relay_id");--> statement-breakpoint
ALTER TABLE "senders" ADD CONSTRAINT "senders_content_profile_id_content_profiles_id_fk" FOREIGN KEY ("content_profile_id") REFERENCES "public"."content_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-added: the built-in profiles every installation starts with (Standard is the default for both kinds).
INSERT INTO "content_profiles" ("name", "description", "virus_scan", "spam_scan", "spam_score", "spam_action", "on_scanner_failure", "attachment_rules", "default_for_internal", "default_for_saas") VALUES
  ('Standard', 'Virus and spam scanning, card numbers held for review, executables refused.', true, true, 15, 'reject', 'defer',
   '{"blockedExtensions":["exe","com","scr","pif","bat","cmd","js","jse","vbs","vbe","wsf","wsh","ps1","msi","jar","hta","cpl","lnk","iso","img"],"blockedTypes":["executable","script","msi/ole","java"],"maxAttachmentBytes":26214400,"scanArchives":true,"action":"reject"}'::jsonb, true, true),
  ('Strict', 'As Standard, plus spam held at a lower score, card numbers refused and IBANs only over TLS.', true, true, 8, 'quarantine', 'defer',
   '{"blockedExtensions":["exe","com","scr","pif","bat","cmd","js","jse","vbs","vbe","wsf","wsh","ps1","msi","jar","hta","cpl","lnk","iso","img","docm","xlsm","pptm"],"blockedTypes":["executable","script","msi/ole","java"],"maxAttachmentBytes":10485760,"scanArchives":true,"action":"reject"}'::jsonb, false, false),
  ('Off', 'No content scanning: identity checks only. Use for senders whose content is checked elsewhere.', false, false, 15, 'reject', 'defer',
   '{"blockedExtensions":[],"blockedTypes":[],"maxAttachmentBytes":null,"scanArchives":false,"action":"reject"}'::jsonb, false, false)
ON CONFLICT ("name") DO NOTHING;--> statement-breakpoint
INSERT INTO "dlp_rules" ("profile_id", "name", "detector", "min_count", "near_keywords", "near_within", "action", "position")
  SELECT p.id, r.name, r.detector::dlp_detector, r.min_count, r.near::text[], 300, r.action::content_action, r.position
  FROM "content_profiles" p
  JOIN (VALUES
    ('Standard', 'Payment card numbers', 'card', 1, '{card,credit,debit,karte,kreditkarte,visa,mastercard,amex,cvv,cvc}', 'quarantine', 0),
    ('Standard', 'Many IBANs in one message', 'iban', 5, '{}', 'quarantine', 1),
    ('Strict', 'Payment card numbers', 'card', 1, '{}', 'reject', 0),
    ('Strict', 'IBAN', 'iban', 1, '{}', 'require_tls', 1)
  ) AS r(profile, name, detector, min_count, near, action, position) ON r.profile = p.name
  WHERE NOT EXISTS (SELECT 1 FROM "dlp_rules" d WHERE d.profile_id = p.id);
