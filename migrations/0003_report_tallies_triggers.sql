-- report_tallies follows reports through every write (the API, the bots, the CLI, an operator's SQL),
-- so a screen reads one row by key instead of aggregating an address's reports on every check.
--
-- The tallies of the written addresses are recounted from their reports, not adjusted by deltas:
-- first/latest dates cannot be un-done by a delta. The rows are locked in key order before the
-- recount, so a concurrent writer of the same address waits, and the recount (a new snapshot per
-- statement under READ COMMITTED) sees the reports that writer committed. Rows are never deleted,
-- only zeroed: a writer that found the row must still find it once it holds the lock.
CREATE OR REPLACE FUNCTION chainwarden_recount_report_tallies(p_keys text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_tallies (address_key, address, chain, lookalike_prefix, lookalike_suffix)
  SELECT DISTINCT ON (r.address_key) r.address_key, r.address, r.chain, r.lookalike_prefix, r.lookalike_suffix
    FROM reports r
   WHERE r.address_key = ANY (p_keys)
   ORDER BY r.address_key, r.id
  ON CONFLICT (address_key) DO NOTHING;

  PERFORM 1 FROM report_tallies t WHERE t.address_key = ANY (p_keys) ORDER BY t.address_key FOR UPDATE;

  UPDATE report_tallies t
     SET active = coalesce(a.active, 0), verified = coalesce(a.verified, 0),
         under_review = coalesce(a.under_review, 0), categories = coalesce(a.categories, '{}'::jsonb),
         first_at = a.first_at, latest_at = a.latest_at
    FROM unnest(p_keys) AS k(address_key)
    LEFT JOIN (
      SELECT c.address_key,
             sum(c.active)::int AS active,
             sum(c.verified)::int AS verified,
             sum(c.review)::int AS under_review,
             coalesce(jsonb_object_agg(c.category, c.active) FILTER (WHERE c.active > 0), '{}'::jsonb) AS categories,
             min(c.first_at) AS first_at,
             max(c.latest_at) AS latest_at
        FROM (SELECT r.address_key, r.category,
                     count(*) FILTER (WHERE r.status = 'active') AS active,
                     count(*) FILTER (WHERE r.status = 'active' AND r.verified_by IS NOT NULL) AS verified,
                     count(*) FILTER (WHERE r.status = 'review') AS review,
                     min(r.created_at) FILTER (WHERE r.status = 'active') AS first_at,
                     max(r.updated_at) FILTER (WHERE r.status = 'active') AS latest_at
                FROM reports r
               WHERE r.address_key = ANY (p_keys)
               GROUP BY r.address_key, r.category) c
       GROUP BY c.address_key) a ON a.address_key = k.address_key
   WHERE t.address_key = k.address_key;
END;
$$;
--> statement-breakpoint
-- One statement-level trigger per event: transition tables allow a single event per trigger.
CREATE OR REPLACE FUNCTION chainwarden_report_tallies_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM chainwarden_recount_report_tallies(ARRAY(SELECT DISTINCT n.address_key FROM new_reports n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM chainwarden_recount_report_tallies(ARRAY(
      SELECT n.address_key FROM new_reports n UNION SELECT o.address_key FROM old_reports o));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM chainwarden_recount_report_tallies(ARRAY(SELECT DISTINCT o.address_key FROM old_reports o));
  ELSE
    TRUNCATE report_tallies;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER reports_tallies_insert AFTER INSERT ON reports
  REFERENCING NEW TABLE AS new_reports
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_report_tallies_trigger();
--> statement-breakpoint
CREATE TRIGGER reports_tallies_update AFTER UPDATE ON reports
  REFERENCING OLD TABLE AS old_reports NEW TABLE AS new_reports
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_report_tallies_trigger();
--> statement-breakpoint
CREATE TRIGGER reports_tallies_delete AFTER DELETE ON reports
  REFERENCING OLD TABLE AS old_reports
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_report_tallies_trigger();
--> statement-breakpoint
CREATE TRIGGER reports_tallies_truncate AFTER TRUNCATE ON reports
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_report_tallies_trigger();
--> statement-breakpoint
SELECT chainwarden_recount_report_tallies(ARRAY(SELECT DISTINCT r.address_key FROM reports r));
--> statement-breakpoint
-- Screens hold the imported lists in memory (src/store/list-index.ts). Any change to them, by an
-- import or by an operator's SQL, tells every process on this database to reload them; Postgres
-- delivers the notification on commit, once per transaction.
CREATE OR REPLACE FUNCTION chainwarden_lists_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('chainwarden_lists', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER list_entries_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON list_entries
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_lists_changed();
--> statement-breakpoint
CREATE TRIGGER list_sources_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON list_sources
  FOR EACH STATEMENT EXECUTE FUNCTION chainwarden_lists_changed();
-- chainwarden_screening_signals (migration 0001) is no longer called: screens send one statement of
-- index probes (src/store/repositories.ts). It stays one release, with reports_lookalike_idx, so
-- replicas still running the previous release keep answering during a rolling upgrade.
