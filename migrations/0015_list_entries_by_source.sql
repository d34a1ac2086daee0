-- List imports (docs/DESIGN.md, "List imports"): list_entries is partitioned by source. An import
-- loads a list into a table of its own with no index (COPY on Postgres), indexes it once, and swaps
-- it in for the previous edition's partition in its transaction, instead of updating three
-- indexes row by row (a 1M-row COPY took 14 s indexed, 2 s plus 3 s of index builds without). Rows
-- that plain SQL writes for a source with no partition go to list_entries_default. The source
-- index goes: within a partition every row has the same source. Existing rows move to the default
-- partition; each source's next import gives it a partition of its own.
ALTER TABLE "list_entries" RENAME TO "list_entries_unpartitioned";--> statement-breakpoint
DROP TRIGGER "list_entries_changed" ON "list_entries_unpartitioned";--> statement-breakpoint
DROP TRIGGER "list_entries_signals_changed" ON "list_entries_unpartitioned";--> statement-breakpoint
DROP INDEX "list_entries_address_idx";--> statement-breakpoint
DROP INDEX "list_entries_source_idx";--> statement-breakpoint
DROP INDEX "list_entries_lookalike_idx";--> statement-breakpoint
CREATE TABLE "list_entries" (
	"id" bigint DEFAULT nextval('list_entries_id_seq') NOT NULL,
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
) PARTITION BY LIST ("source");--> statement-breakpoint
ALTER SEQUENCE "list_entries_id_seq" OWNED BY "list_entries"."id";--> statement-breakpoint
CREATE TABLE "list_entries_default" PARTITION OF "list_entries" DEFAULT;--> statement-breakpoint
INSERT INTO "list_entries" ("id", "source", "kind", "address_key", "address", "chain", "label", "category",
                            "entity", "program", "listed_at", "lookalike_prefix", "lookalike_suffix")
  SELECT "id", "source", "kind", "address_key", "address", "chain", "label", "category",
         "entity", "program", "listed_at", "lookalike_prefix", "lookalike_suffix"
    FROM "list_entries_unpartitioned";--> statement-breakpoint
DROP TABLE "list_entries_unpartitioned";--> statement-breakpoint
ALTER TABLE "list_entries" ADD CONSTRAINT "list_entries_id_source_pk" PRIMARY KEY("id","source");--> statement-breakpoint
CREATE INDEX "list_entries_address_idx" ON "list_entries" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "list_entries_lookalike_idx" ON "list_entries" USING btree ("chain","lookalike_prefix","lookalike_suffix") WHERE "list_entries"."lookalike_prefix" is not null;--> statement-breakpoint
-- Statement triggers on the parent fire for every statement on it, whichever partitions it reaches;
-- an import's swap (DETACH, ATTACH) fires none, and its list_sources update notifies instead.
CREATE TRIGGER "list_entries_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "list_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_lists_changed();--> statement-breakpoint
CREATE TRIGGER "list_entries_signals_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "list_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
