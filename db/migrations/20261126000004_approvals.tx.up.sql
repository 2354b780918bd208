CREATE TABLE approval_requests (
    id             {{.PK}},
    entry_id       BIGINT REFERENCES whitelist_entries (id) ON DELETE SET NULL,
    token_id       BIGINT REFERENCES tokens (id) ON DELETE SET NULL,
    token_name     TEXT NOT NULL,
    cidr           TEXT NOT NULL,
    owner_email    TEXT NOT NULL,
    requester_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    requested_by   TEXT NOT NULL,
    link_hash      TEXT,
    state          TEXT NOT NULL,
    expires_at     {{.Time}} NOT NULL,
    sent_at        {{.Time}},
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     {{.Time}},
    decided_ip     TEXT NOT NULL DEFAULT '',
    decided_ua     TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    created_at     {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX approval_requests_link_key ON approval_requests (link_hash);
--bun:split
CREATE INDEX approval_requests_entry_idx ON approval_requests (entry_id);
--bun:split
CREATE INDEX approval_requests_state_idx ON approval_requests (state, id);
--bun:split
CREATE TABLE notifications (
    id         {{.PK}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    read_at    {{.Time}},
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
--bun:split
ALTER TABLE tokens ADD COLUMN reminded_on TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE tokens ADD COLUMN expiry_notice_for {{.Time}};
--bun:split
CREATE INDEX tokens_reminder_idx ON tokens (expires_at) WHERE expiry_reminders = TRUE AND revoked_at IS NULL;
--bun:split
CREATE TABLE login_codes (
    id         {{.PK}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at {{.Time}} NOT NULL,
    used_at    {{.Time}},
    created_at {{.Time}} NOT NULL
);
--bun:split
CREATE INDEX login_codes_user_idx ON login_codes (user_id, id);
