CREATE TABLE "watch_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"watch_id" text NOT NULL,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "watch_chat_sends" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"destination" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watch_cursors" (
	"source" text PRIMARY KEY NOT NULL,
	"height" bigint NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watches" (
	"id" text PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"chain" text NOT NULL,
	"network" text NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"label" text,
	"all_incoming" boolean DEFAULT false NOT NULL,
	"destination_kind" text NOT NULL,
	"destination" text NOT NULL,
	"community" text,
	"secret" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "watch_alerts" ADD CONSTRAINT "watch_alerts_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "watch_alerts_event_uq" ON "watch_alerts" USING btree ("watch_id","event_key");--> statement-breakpoint
CREATE INDEX "watch_alerts_due_idx" ON "watch_alerts" USING btree ("next_attempt_at") WHERE "watch_alerts"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "watch_alerts_watch_idx" ON "watch_alerts" USING btree ("watch_id","id");--> statement-breakpoint
CREATE INDEX "watch_chat_sends_idx" ON "watch_chat_sends" USING btree ("destination","at");--> statement-breakpoint
CREATE UNIQUE INDEX "watches_owner_address_uq" ON "watches" USING btree ("owner","address_key");--> statement-breakpoint
CREATE INDEX "watches_address_idx" ON "watches" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "watches_chain_idx" ON "watches" USING btree ("chain","address_key");