-- Token uses per day: successful ones ('ok') and refused ones (the refusal reason), per token
-- (0: a token Keyward does not know, or none at all). Written only by the batches that
-- already write token usage and refusals, never once a request; pruned after about 400 days.
-- No foreign key: the counts of a deleted token stay, as the audit trail keeps its story.
CREATE TABLE token_use_days (
    token_id BIGINT NOT NULL,
    day      TEXT NOT NULL,
    result   TEXT NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (token_id, day, result)
){{if not .Postgres}} WITHOUT ROWID{{end}};
--bun:split
-- The dashboard's series of every token, and pruning, read by day.
CREATE INDEX token_use_days_day_idx ON token_use_days (day, result);
--bun:split
-- When a token was last refused, and why (the verify API's code), from the same batch.
ALTER TABLE tokens ADD COLUMN last_refused_at {{.Time}};
--bun:split
ALTER TABLE tokens ADD COLUMN last_refused_reason TEXT NOT NULL DEFAULT '';
--bun:split
-- The tokens list sorted by expiry or last use reads a page along these, whatever the
-- filter (a name's order is tokens_name_key's, creation's the id's).
CREATE INDEX tokens_expires_idx ON tokens (expires_at, id);
--bun:split
CREATE INDEX tokens_last_used_idx ON tokens (last_used_at, id);
--bun:split
-- The bell's count: the open requests sent to one person.
CREATE INDEX approval_requests_owner_idx ON approval_requests (lower(owner_email), state);
