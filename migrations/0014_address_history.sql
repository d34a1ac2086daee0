CREATE TABLE "address_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address_key" text NOT NULL,
	"address" text NOT NULL,
	"event" text NOT NULL,
	"actor_platform" text NOT NULL,
	"actor_weight" text,
	"report_id" integer,
	"category" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "address_history_address_idx" ON "address_history" USING btree ("address_key","at");