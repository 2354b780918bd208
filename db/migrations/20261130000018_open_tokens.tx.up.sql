-- Whether a token has any whitelist entry, whatever its state: tokens.Service sets it with
-- every entry it adds or removes, in the same transaction. The filter "open to every address"
-- and the home page's count read it through tokens_open_idx instead of probing
-- whitelist_entries for each token they count.
ALTER TABLE tokens ADD COLUMN has_whitelist BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
UPDATE tokens SET has_whitelist = TRUE WHERE id IN (SELECT token_id FROM whitelist_entries);
--bun:split
CREATE INDEX tokens_open_idx ON tokens (id) WHERE has_whitelist = FALSE;
