CREATE TABLE signing_keys (
    id          {{.PK}},
    kid         TEXT NOT NULL,
    algorithm   TEXT NOT NULL,
    -- The public key, base64; the private key sealed with KEYWARD_SECRET_KEY (AES-256-GCM,
    -- the kid as additional data), base64.
    public_key  TEXT NOT NULL,
    private_key TEXT NOT NULL,
    -- Published in the JWKS from creation; signs from active_from on.
    active_from {{.Time}} NOT NULL,
    created_at  {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX signing_keys_kid_key ON signing_keys (kid);
--bun:split
CREATE TABLE sign_ins (
    id                {{.PK}},
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip                TEXT NOT NULL DEFAULT '',
    user_agent        TEXT NOT NULL DEFAULT '',
    created_at        {{.Time}} NOT NULL,
    -- The absolute end: no refresh renews it.
    expires_at        {{.Time}} NOT NULL,
    last_refreshed_at {{.Time}},
    ended_at          {{.Time}},
    end_reason        TEXT NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX sign_ins_user_idx ON sign_ins (user_id, id);
--bun:split
CREATE TABLE refresh_tokens (
    id         {{.PK}},
    sign_in_id BIGINT NOT NULL REFERENCES sign_ins (id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    expires_at {{.Time}} NOT NULL,
    used_at    {{.Time}}
);
--bun:split
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (hash);
--bun:split
CREATE INDEX refresh_tokens_sign_in_idx ON refresh_tokens (sign_in_id);
