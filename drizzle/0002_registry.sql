CREATE TYPE "public"."credential_status" AS ENUM('active', 'revoked', 'expired');--> statement-breakpoint
CREATE TYPE "public"."dkim_algorithm" AS ENUM('rsa', 'ed25519');--> statement-breakpoint
CREATE TYPE "public"."dkim_key_status" AS ENUM('active', 'published', 'retired');--> statement-breakpoint
CREATE TYPE "public"."domain_status" AS ENUM('active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."sender_kind" AS ENUM('internal_onprem', 'internal_cloud', 'saas');--> statement-breakpoint
CREATE TYPE "public"."sender_status" AS ENUM('requested', 'approved', 'active', 'suspended', 'retired', 'rejected');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"token_prefix" text NOT NULL,
	"token_last4" text NOT NULL,
	"verifier" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"last_used_ip" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "api_tokens_verifier_unique" UNIQUE("verifier")
);
--> statement-breakpoint
CREATE TABLE "smtp_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_id" uuid NOT NULL,
	"username" text NOT NULL,
	"secret_prefix" text NOT NULL,
	"secret_last4" text NOT NULL,
	"verifier" text NOT NULL,
	"allowed_cidrs" text[] DEFAULT '{}' NOT NULL,
	"expires_at" timestamp with time zone,
	"status" "credential_status" DEFAULT 'active' NOT NULL,
	"rotated_from_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"last_used_at" timestamp with time zone,
	"last_used_from" text,
	CONSTRAINT "smtp_credentials_username_unique" UNIQUE("username"),
	CONSTRAINT "smtp_credentials_verifier_unique" UNIQUE("verifier")
);
--> statement-breakpoint
CREATE TABLE "dkim_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain_id" uuid NOT NULL,
	"selector" text NOT NULL,
	"algorithm" "dkim_algorithm" NOT NULL,
	"bits" integer,
	"public_key" text NOT NULL,
	"private_key_encrypted" text NOT NULL,
	"status" "dkim_key_status" DEFAULT 'active' NOT NULL,
	"retire_after" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sending_domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"display_name" text NOT NULL,
	"status" "domain_status" DEFAULT 'active' NOT NULL,
	"dmarc_report_email" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sending_domains_domain_unique" UNIQUE("domain")
);
--> statement-breakpoint
CREATE TABLE "sender_domains" (
	"sender_id" uuid NOT NULL,
	"domain_id" uuid NOT NULL,
	CONSTRAINT "sender_domains_sender_id_domain_id_pk" PRIMARY KEY("sender_id","domain_id")
);
--> statement-breakpoint
CREATE TABLE "senders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"kind" "sender_kind" NOT NULL,
	"vendor" text,
	"owner_team" text NOT NULL,
	"contact_email" text NOT NULL,
	"purpose" text NOT NULL,
	"allowed_from_addresses" text[] DEFAULT '{}' NOT NULL,
	"allowed_cidrs" text[] DEFAULT '{}' NOT NULL,
	"rate_limit_per_minute" integer NOT NULL,
	"rate_limit_per_day" integer NOT NULL,
	"review_date" date NOT NULL,
	"status" "sender_status" DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "senders_name_unique" UNIQUE("name"),
	CONSTRAINT "senders_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smtp_credentials" ADD CONSTRAINT "smtp_credentials_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smtp_credentials" ADD CONSTRAINT "smtp_credentials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "smtp_credentials" ADD CONSTRAINT "smtp_credentials_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dkim_keys" ADD CONSTRAINT "dkim_keys_domain_id_sending_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."sending_domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dkim_keys" ADD CONSTRAINT "dkim_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sending_domains" ADD CONSTRAINT "sending_domains_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_domains" ADD CONSTRAINT "sender_domains_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_domains" ADD CONSTRAINT "sender_domains_domain_id_sending_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."sending_domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "senders" ADD CONSTRAINT "senders_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "senders" ADD CONSTRAINT "senders_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "smtp_credentials_sender_idx" ON "smtp_credentials" USING btree ("sender_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "dkim_keys_domain_selector_idx" ON "dkim_keys" USING btree ("domain_id","selector");--> statement-breakpoint
CREATE INDEX "dkim_keys_status_idx" ON "dkim_keys" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sender_domains_domain_idx" ON "sender_domains" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "senders_status_idx" ON "senders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "senders_kind_idx" ON "senders" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "senders_vendor_idx" ON "senders" USING btree ("vendor");--> statement-breakpoint
CREATE INDEX "senders_review_date_idx" ON "senders" USING btree ("review_date");--> statement-breakpoint
CREATE INDEX "senders_updated_at_idx" ON "senders" USING btree ("updated_at");