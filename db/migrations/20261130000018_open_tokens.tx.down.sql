DROP INDEX tokens_open_idx;
--bun:split
ALTER TABLE tokens DROP COLUMN has_whitelist;
