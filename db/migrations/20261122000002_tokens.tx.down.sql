DROP TABLE whitelist_entries;
--bun:split
DROP TABLE token_secrets;
--bun:split
DROP TABLE tokens;
