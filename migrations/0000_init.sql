CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "community_addresses" (
	"community" text NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"lookalike_prefix" text,
	"lookalike_suffix" text,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_addresses_community_address_key_pk" PRIMARY KEY("community","address_key")
);
--> statement-breakpoint
CREATE TABLE "community_settings" (
	"community" text PRIMARY KEY NOT NULL,
	"scan_mode" text NOT NULL,
	"min_level" text NOT NULL,
	"mod_log_channel" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "list_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"label" text,
	"category" text,
	"entity" text,
	"program" text,
	"listed_at" text,
	"lookalike_prefix" text,
	"lookalike_suffix" text
);
--> statement-breakpoint
CREATE TABLE "list_sources" (
	"source" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"list_date" text NOT NULL,
	"category" text,
	"count" integer DEFAULT 0 NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "moderation_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"lookalike_prefix" text,
	"lookalike_suffix" text,
	"category" text NOT NULL,
	"note" text,
	"evidence" text,
	"reporter" text NOT NULL,
	"source" text NOT NULL,
	"community" text,
	"verified_by" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "community_addresses_lookalike_idx" ON "community_addresses" USING btree ("community","chain","lookalike_prefix","lookalike_suffix");--> statement-breakpoint
CREATE INDEX "list_entries_address_idx" ON "list_entries" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "list_entries_source_idx" ON "list_entries" USING btree ("source");--> statement-breakpoint
CREATE INDEX "list_entries_lookalike_idx" ON "list_entries" USING btree ("chain","lookalike_prefix","lookalike_suffix") WHERE "list_entries"."lookalike_prefix" is not null;--> statement-breakpoint
CREATE INDEX "moderation_log_community_idx" ON "moderation_log" USING btree ("community","at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_address_reporter_uq" ON "reports" USING btree ("address_key","reporter");--> statement-breakpoint
CREATE INDEX "reports_reporter_updated_idx" ON "reports" USING btree ("reporter","updated_at");--> statement-breakpoint
CREATE INDEX "reports_lookalike_idx" ON "reports" USING btree ("chain","lookalike_prefix","lookalike_suffix") WHERE "reports"."lookalike_prefix" is not null;