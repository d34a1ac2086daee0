CREATE TABLE "member_sightings" (
	"chat" text NOT NULL,
	"member" text NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_sightings_chat_member_pk" PRIMARY KEY("chat","member")
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "reporter_weight" text DEFAULT 'ordinary' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "held_for" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "review_note" text;--> statement-breakpoint
CREATE INDEX "reports_review_idx" ON "reports" USING btree ("community","created_at") WHERE "reports"."status" = 'review';--> statement-breakpoint
-- Reports already waiting (before reporter weight) waited because their address is allowlisted.
UPDATE "reports" SET "held_for" = 'allowlisted' WHERE "status" = 'review';
