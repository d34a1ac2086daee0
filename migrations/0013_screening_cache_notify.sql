-- Screens reuse the rows of their one statement for a few seconds (src/store/signals-cache.ts).
-- Any change to a table that statement reads, by any process (another replica, the CLI, an
-- operator's SQL), tells every process on this database to forget them; Postgres delivers the
-- notification on commit, once per transaction and payload.
CREATE OR REPLACE FUNCTION chainwarden_signals_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chainwarden_signals', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_signals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reports
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER report_tallies_signals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_tallies
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
-- Screens read whether a community is trusted; its title is noted often and read by none.
CREATE TRIGGER communities_signals_inserted AFTER INSERT ON communities
  FOR EACH ROW EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER communities_signals_changed AFTER UPDATE OF community, trusted ON communities
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER communities_signals_removed AFTER DELETE OR TRUNCATE ON communities
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER list_entries_signals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON list_entries
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER list_sources_signals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON list_sources
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
-- Every screen in a community upserts its address here, moving only last_seen, which no screen
-- reads: only a new row, or a change to what screens read, notifies.
CREATE TRIGGER community_addresses_signals_inserted AFTER INSERT ON community_addresses
  FOR EACH ROW EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER community_addresses_signals_changed
  AFTER UPDATE OF community, address_key, address, chain, lookalike_prefix, lookalike_suffix, first_seen
  ON community_addresses
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
CREATE TRIGGER community_addresses_signals_removed AFTER DELETE OR TRUNCATE ON community_addresses
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
--> statement-breakpoint
-- Screens read an address's latest appeal (pending or upheld).
CREATE TRIGGER appeals_signals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON appeals
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_signals_changed();
