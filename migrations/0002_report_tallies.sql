CREATE TABLE "report_tallies" (
	"address_key" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"lookalike_prefix" text,
	"lookalike_suffix" text,
	"active" integer DEFAULT 0 NOT NULL,
	"verified" integer DEFAULT 0 NOT NULL,
	"under_review" integer DEFAULT 0 NOT NULL,
	"categories" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_at" timestamp with time zone,
	"latest_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "report_tallies_lookalike_idx" ON "report_tallies" USING btree ("chain","lookalike_prefix","lookalike_suffix") WHERE "report_tallies"."lookalike_prefix" is not null and "report_tallies"."active" > 0;