-- Counting the active or expired tokens reads the expiry of the unrevoked ones only.
CREATE INDEX tokens_live_idx ON tokens (expires_at) WHERE revoked_at IS NULL;
