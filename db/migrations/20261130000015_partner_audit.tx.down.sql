DROP INDEX audit_events_partner_outcome_idx;
--bun:split
DROP INDEX audit_events_partner_action_idx;
