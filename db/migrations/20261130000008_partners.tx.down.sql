DELETE FROM role_permissions WHERE permission IN ('partners:read', 'partners:write', 'applications:read', 'applications:write');
--bun:split
DELETE FROM permissions WHERE module IN ('partners', 'applications');
--bun:split
DELETE FROM modules WHERE key IN ('partners', 'applications');
--bun:split
DROP INDEX audit_events_partner_idx;
--bun:split
ALTER TABLE audit_events DROP COLUMN partner_id;
--bun:split
ALTER TABLE approval_requests DROP COLUMN partner_id;
--bun:split
DROP INDEX tokens_application_idx;
--bun:split
DROP INDEX tokens_partner_idx;
--bun:split
ALTER TABLE tokens DROP COLUMN application_id;
--bun:split
ALTER TABLE tokens DROP COLUMN partner_id;
--bun:split
DROP INDEX users_partner_idx;
--bun:split
ALTER TABLE users DROP COLUMN partner_id;
--bun:split
DROP TABLE applications;
--bun:split
DROP TABLE partners;
