CREATE TABLE "appeal_challenges" (
	"nonce" text PRIMARY KEY NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"message" text NOT NULL,
	"requested_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"chain" text NOT NULL,
	"nonce" text NOT NULL,
	"message" text NOT NULL,
	"signature" text NOT NULL,
	"method" text NOT NULL,
	"statement" text NOT NULL,
	"contact" text,
	"source" text NOT NULL,
	"submitted_by" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"note" text,
	"dismissed_reports" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "appeals_nonce_unique" UNIQUE("nonce")
);
--> statement-breakpoint
CREATE INDEX "appeal_challenges_requester_idx" ON "appeal_challenges" USING btree ("address_key","requested_by","created_at");--> statement-breakpoint
CREATE INDEX "appeals_address_idx" ON "appeals" USING btree ("address_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_pending_uq" ON "appeals" USING btree ("address_key") WHERE "appeals"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "appeals_status_idx" ON "appeals" USING btree ("status","id");