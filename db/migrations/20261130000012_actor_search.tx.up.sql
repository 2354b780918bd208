{{if .Postgres}}
-- Searching the audit trail's actors (a part of a name, any case) reads a trigram index where
-- Postgres has pg_trgm (see 20261130000011_lists); where it has not, it reads every actor.
DO $$
DECLARE
    schema_name TEXT;
BEGIN
    SELECT n.nspname INTO schema_name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    IF schema_name IS NOT NULL THEN
        EXECUTE format('CREATE INDEX audit_actors_search_idx ON audit_actors USING gin (search %I.gin_trgm_ops)', schema_name);
    END IF;
END
$$;
{{end}}
