CREATE TABLE tokens (
    id               {{.PK}},
    name             TEXT NOT NULL,
    role_id          BIGINT NOT NULL REFERENCES roles (id),
    hint             TEXT NOT NULL,
    expires_at       {{.Time}},
    expiry_reminders BOOLEAN NOT NULL DEFAULT FALSE,
    revoked_at       {{.Time}},
    revoked_by       TEXT NOT NULL DEFAULT '',
    created_by_id    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       {{.Time}} NOT NULL,
    updated_at       {{.Time}} NOT NULL,
    last_used_at     {{.Time}},
    last_used_ip     TEXT NOT NULL DEFAULT '',
    use_count        BIGINT NOT NULL DEFAULT 0
);
--bun:split
CREATE UNIQUE INDEX tokens_name_key ON tokens (lower(name));
--bun:split
CREATE INDEX tokens_role_idx ON tokens (role_id);
--bun:split
CREATE TABLE token_secrets (
    hash       TEXT PRIMARY KEY,
    token_id   BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    expires_at {{.Time}},
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX token_secrets_token_idx ON token_secrets (token_id);
--bun:split
CREATE TABLE whitelist_entries (
    id           {{.PK}},
    token_id     BIGINT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    cidr         TEXT NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL DEFAULT '',
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   {{.Time}},
    created_at   {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX whitelist_entries_token_cidr_key ON whitelist_entries (token_id, cidr);
