{{if .Postgres}}
DROP INDEX IF EXISTS audit_actors_search_idx;
{{end}}
