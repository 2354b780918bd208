DROP INDEX approval_requests_owner_idx;
--bun:split
DROP INDEX tokens_last_used_idx;
--bun:split
DROP INDEX tokens_expires_idx;
--bun:split
ALTER TABLE tokens DROP COLUMN last_refused_reason;
--bun:split
ALTER TABLE tokens DROP COLUMN last_refused_at;
--bun:split
DROP TABLE token_use_days;
