{{if .Postgres}}
DROP INDEX IF EXISTS tokens_name_search_idx;
{{end}}
--bun:split
DROP TRIGGER audit_events_actors{{if .Postgres}} ON audit_events{{end}};
--bun:split
{{if .Postgres}}
DROP FUNCTION audit_events_actors();
{{end}}
--bun:split
DROP TABLE audit_actors;
--bun:split
DROP INDEX approval_requests_entry_idx;
--bun:split
CREATE INDEX approval_requests_entry_idx ON approval_requests (entry_id);
--bun:split
{{if not .Postgres}}
DELETE FROM sqlite_stat1 WHERE tbl = 'audit_events';
{{end}}
--bun:split
DROP INDEX audit_events_action_outcome_idx;
--bun:split
DROP INDEX audit_events_outcome_idx;
--bun:split
DROP INDEX audit_events_partner_idx;
--bun:split
CREATE INDEX audit_events_partner_idx ON audit_events (partner_id, id);
--bun:split
DROP INDEX audit_events_actor_idx;
--bun:split
CREATE INDEX audit_events_actor_idx ON audit_events (actor_label, id);
--bun:split
DROP INDEX audit_events_action_idx;
--bun:split
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
--bun:split
DROP INDEX audit_events_at_idx;
--bun:split
CREATE INDEX audit_events_at_idx ON audit_events (at);
--bun:split
DROP INDEX users_role_idx;
--bun:split
CREATE INDEX users_role_idx ON users (role_id);
--bun:split
DROP INDEX tokens_revoked_idx;
--bun:split
DROP INDEX tokens_role_idx;
--bun:split
CREATE INDEX tokens_role_idx ON tokens (role_id);
