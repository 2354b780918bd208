ALTER TABLE modules DROP COLUMN examples;
--bun:split
ALTER TABLE modules DROP COLUMN base_url;
