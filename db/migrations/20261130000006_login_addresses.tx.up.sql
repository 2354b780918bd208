CREATE TABLE login_addresses (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip      TEXT NOT NULL,
    last_at {{.Time}} NOT NULL,
    PRIMARY KEY (user_id, ip)
);
