CREATE TABLE "communities" (
	"community" text PRIMARY KEY NOT NULL,
	"title" text,
	"trusted" boolean DEFAULT false NOT NULL,
	"trusted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "verified_in" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "reports_verified_idx" ON "reports" USING btree ("address_key","verified_in") WHERE "reports"."verified_by" is not null and "reports"."status" = 'active';--> statement-breakpoint
CREATE INDEX "reports_verified_in_idx" ON "reports" USING btree ("verified_in","verified_at") WHERE "reports"."verified_by" is not null;--> statement-breakpoint
-- Verifications stored before this migration were made in the community their report names.
UPDATE "reports" SET "verified_in" = "community", "verified_at" = "updated_at" WHERE "verified_by" IS NOT NULL;
