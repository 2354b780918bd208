-- A partner's people read their own trail only, so each of their filters comes with the
-- partner's: the partner's events of one action or outcome, in the trail's order.
CREATE INDEX audit_events_partner_action_idx ON audit_events (partner_id, action, at, id);
--bun:split
CREATE INDEX audit_events_partner_outcome_idx ON audit_events (partner_id, outcome, at, id);
--bun:split
{{if not .Postgres}}
DELETE FROM sqlite_stat1 WHERE idx IN ('audit_events_partner_action_idx', 'audit_events_partner_outcome_idx');
{{end}}
--bun:split
{{if not .Postgres}}
-- As in 20261130000011_lists: the shape of a trail, for SQLite's planner.
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
    ('audit_events', 'audit_events_partner_action_idx', '1000000 1000 50 1 1'),
    ('audit_events', 'audit_events_partner_outcome_idx', '1000000 1000 350 1 1');
{{end}}
