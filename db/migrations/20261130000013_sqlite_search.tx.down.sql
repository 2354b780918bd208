{{if not .Postgres}}
DROP TRIGGER audit_actors_search;
{{end}}
--bun:split
{{if not .Postgres}}
DROP TABLE audit_actors_search;
{{end}}
--bun:split
{{if not .Postgres}}
DROP TRIGGER tokens_search_update;
{{end}}
--bun:split
{{if not .Postgres}}
DROP TRIGGER tokens_search_delete;
{{end}}
--bun:split
{{if not .Postgres}}
DROP TRIGGER tokens_search_insert;
{{end}}
--bun:split
{{if not .Postgres}}
DROP TABLE tokens_search;
{{end}}
