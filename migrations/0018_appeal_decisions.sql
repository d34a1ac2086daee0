CREATE TABLE "appeal_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" bigint NOT NULL,
	"community" text NOT NULL,
	"status" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text NOT NULL,
	"note" text,
	"dismissed_reports" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeal_decisions" ADD CONSTRAINT "appeal_decisions_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_decisions_appeal_community_uq" ON "appeal_decisions" USING btree ("appeal_id","community");