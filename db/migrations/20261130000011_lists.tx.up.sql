-- Every list of the console reads one page in its own order through an index, whatever the
-- filter: an index that serves a filter ends with the list's order (tokens and users by id,
-- the audit trail by time then id).
DROP INDEX tokens_role_idx;
--bun:split
CREATE INDEX tokens_role_idx ON tokens (role_id, id);
--bun:split
CREATE INDEX tokens_revoked_idx ON tokens (id) WHERE revoked_at IS NOT NULL;
--bun:split
DROP INDEX users_role_idx;
--bun:split
CREATE INDEX users_role_idx ON users (role_id, id);
--bun:split
DROP INDEX audit_events_at_idx;
--bun:split
CREATE INDEX audit_events_at_idx ON audit_events (at, id);
--bun:split
DROP INDEX audit_events_action_idx;
--bun:split
CREATE INDEX audit_events_action_idx ON audit_events (action, at, id);
--bun:split
DROP INDEX audit_events_actor_idx;
--bun:split
CREATE INDEX audit_events_actor_idx ON audit_events (actor_label, at, id);
--bun:split
DROP INDEX audit_events_partner_idx;
--bun:split
CREATE INDEX audit_events_partner_idx ON audit_events (partner_id, at, id);
--bun:split
CREATE INDEX audit_events_outcome_idx ON audit_events (outcome, at, id);
--bun:split
CREATE INDEX audit_events_action_outcome_idx ON audit_events (action, outcome, at, id);
--bun:split
{{if not .Postgres}}
-- SQLite plans without statistics unless someone runs ANALYZE, and then takes any index of a
-- filter as narrow as any other: asked for one partner's denied events it would read every
-- denied event. These describe the shape of a trail (about fifty actions, three outcomes,
-- each partner and each actor a small share) so that it reads the narrowest index when
-- filters combine; an ANALYZE replaces them with measured ones. (Postgres keeps its own.)
ANALYZE sqlite_schema;
{{end}}
--bun:split
{{if not .Postgres}}
DELETE FROM sqlite_stat1 WHERE tbl = 'audit_events';
{{end}}
--bun:split
{{if not .Postgres}}
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('audit_events', 'audit_events_at_idx', '1000000 1 1'),
    ('audit_events', 'audit_events_action_idx', '1000000 20000 1 1'),
    ('audit_events', 'audit_events_action_outcome_idx', '1000000 20000 7000 1 1'),
    ('audit_events', 'audit_events_outcome_idx', '1000000 333333 1 1'),
    ('audit_events', 'audit_events_partner_idx', '1000000 1000 1 1'),
    ('audit_events', 'audit_events_actor_idx', '1000000 10 1 1');
{{end}}
--bun:split
-- Who was asked to decide a page's pending entries: by entry, not every pending request.
DROP INDEX approval_requests_entry_idx;
--bun:split
CREATE INDEX approval_requests_entry_idx ON approval_requests (entry_id, state);
--bun:split
-- Every actor the trail names, once, with its lower-case form: searching them finds the few
-- actors a search means without reading every event (the trail holds millions, its actors
-- thousands). A trigger keeps it complete whoever writes an event.
CREATE TABLE audit_actors (
    label  TEXT PRIMARY KEY,
    search TEXT NOT NULL
){{if not .Postgres}} WITHOUT ROWID{{end}};
--bun:split
INSERT INTO audit_actors (label, search) SELECT actor_label, lower(actor_label) FROM audit_events GROUP BY actor_label;
--bun:split
{{if .Postgres}}
CREATE FUNCTION audit_events_actors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In label order, so that two batches adding the same new actors cannot deadlock.
    INSERT INTO audit_actors (label, search)
    SELECT DISTINCT actor_label, lower(actor_label) FROM added ORDER BY actor_label
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
{{else}}
CREATE TRIGGER audit_events_actors AFTER INSERT ON audit_events
BEGIN
    INSERT OR IGNORE INTO audit_actors (label, search) VALUES (NEW.actor_label, lower(NEW.actor_label));
END;
{{end}}
--bun:split
{{if .Postgres}}
CREATE TRIGGER audit_events_actors AFTER INSERT ON audit_events REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_actors();
{{end}}
--bun:split
{{if .Postgres}}
-- Searching tokens by name (a substring, any case) reads a trigram index where Postgres has
-- pg_trgm (a trusted extension since Postgres 13, so the database's owner may add it); where
-- it has not, the search reads every token, as before.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): searching tokens by name reads every token', SQLERRM;
END
$$;
{{end}}
--bun:split
{{if .Postgres}}
DO $$
DECLARE
    schema_name TEXT;
BEGIN
    SELECT n.nspname INTO schema_name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF schema_name IS NOT NULL THEN
        EXECUTE format('CREATE INDEX tokens_name_search_idx ON tokens USING gin (lower(name) %I.gin_trgm_ops)', schema_name);
    END IF;
END
$$;
{{end}}
