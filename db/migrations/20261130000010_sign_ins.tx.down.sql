DROP TABLE refresh_tokens;
--bun:split
DROP TABLE sign_ins;
--bun:split
DROP TABLE signing_keys;
