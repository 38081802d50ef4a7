CREATE TABLE "credential_dormancy_warnings" (
	"credential_id" uuid PRIMARY KEY NOT NULL,
	"basis" timestamp with time zone NOT NULL,
	"warned_at" timestamp with time zone NOT NULL,
	"disable_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credential_networks" (
	"credential_id" uuid NOT NULL,
	"network" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"uses" bigint NOT NULL,
	CONSTRAINT "credential_networks_credential_id_network_pk" PRIMARY KEY("credential_id","network")
);
--> statement-breakpoint
CREATE TABLE "misuse_detections" (
	"sender_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"value" bigint NOT NULL,
	"baseline" text NOT NULL,
	"reaction" text NOT NULL,
	CONSTRAINT "misuse_detections_sender_id_rule_subject_window_start_pk" PRIMARY KEY("sender_id","rule","subject","window_start")
);
--> statement-breakpoint
CREATE TABLE "sender_misuse_reactions" (
	"sender_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"reaction" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sender_misuse_reactions_sender_id_rule_pk" PRIMARY KEY("sender_id","rule")
);
--> statement-breakpoint
ALTER TABLE "credential_dormancy_warnings" ADD CONSTRAINT "credential_dormancy_warnings_credential_id_smtp_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."smtp_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_networks" ADD CONSTRAINT "credential_networks_credential_id_smtp_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."smtp_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_misuse_reactions" ADD CONSTRAINT "sender_misuse_reactions_sender_id_senders_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."senders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "misuse_detections_detected_at_idx" ON "misuse_detections" USING btree ("detected_at");