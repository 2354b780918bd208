CREATE TABLE modules (
    key         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  {{.Time}} NOT NULL DEFAULT CURRENT_TIMESTAMP
);
--bun:split
CREATE TABLE permissions (
    name        TEXT PRIMARY KEY,
    module      TEXT NOT NULL REFERENCES modules (key) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin     BOOLEAN NOT NULL DEFAULT FALSE
);
--bun:split
CREATE INDEX permissions_module_idx ON permissions (module);
--bun:split
CREATE TABLE roles (
    id              {{.PK}},
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    builtin         BOOLEAN NOT NULL DEFAULT FALSE,
    all_permissions BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      {{.Time}} NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      {{.Time}} NOT NULL DEFAULT CURRENT_TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX roles_name_key ON roles (lower(name));
--bun:split
CREATE TABLE role_permissions (
    role_id    BIGINT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission TEXT NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission)
);
--bun:split
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission);
--bun:split
CREATE TABLE users (
    id                  {{.PK}},
    email               TEXT NOT NULL,
    name                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    role_id             BIGINT NOT NULL REFERENCES roles (id),
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    login_code_required BOOLEAN NOT NULL DEFAULT FALSE,
    last_login_at       {{.Time}},
    created_at          {{.Time}} NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          {{.Time}} NOT NULL DEFAULT CURRENT_TIMESTAMP
);
--bun:split
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
--bun:split
CREATE INDEX users_role_idx ON users (role_id);
--bun:split
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    window_start {{.Time}} NOT NULL,
    locked_until {{.Time}}
);
--bun:split
CREATE TABLE audit_events (
    id           {{.PK}},
    at           {{.Time}} NOT NULL,
    actor_type   TEXT NOT NULL,
    actor_id     TEXT NOT NULL DEFAULT '',
    actor_label  TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    target_label TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT '{}'
);
--bun:split
CREATE INDEX audit_events_at_idx ON audit_events (at);
--bun:split
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
--bun:split
CREATE INDEX audit_events_actor_idx ON audit_events (actor_label, id);
--bun:split
{{if .Postgres}}
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
{{else}}
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
{{end}}
--bun:split
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
--bun:split
INSERT INTO modules (key, name, description, builtin) VALUES
    ('users', 'Users', 'Console accounts', TRUE),
    ('roles', 'Roles', 'Roles and the permission catalog', TRUE),
    ('tokens', 'API tokens', 'API tokens and their verification', TRUE),
    ('whitelist', 'IP whitelist', 'Approval of whitelisted IP addresses', TRUE),
    ('audit', 'Audit log', 'The audit trail', TRUE),
    ('settings', 'Settings', 'Keyward settings', TRUE);
--bun:split
INSERT INTO permissions (name, module, action, description, builtin) VALUES
    ('users:read', 'users', 'read', 'See users', TRUE),
    ('users:write', 'users', 'write', 'Create, edit and disable users', TRUE),
    ('roles:read', 'roles', 'read', 'See roles and the permission catalog', TRUE),
    ('roles:write', 'roles', 'write', 'Create, edit and delete roles and API modules', TRUE),
    ('tokens:read', 'tokens', 'read', 'See API tokens', TRUE),
    ('tokens:write', 'tokens', 'write', 'Create, edit, regenerate, revoke and delete API tokens', TRUE),
    ('tokens:verify', 'tokens', 'verify', 'Ask the verify API whether another token is good', TRUE),
    ('whitelist:approve', 'whitelist', 'approve', 'Approve or reject whitelisted IP addresses', TRUE),
    ('audit:read', 'audit', 'read', 'Read the audit log', TRUE),
    ('settings:write', 'settings', 'write', 'Change Keyward settings', TRUE);
--bun:split
INSERT INTO roles (name, description, builtin, all_permissions) VALUES
    ('Administrator', 'Full access to everything in Keyward', TRUE, TRUE),
    ('Security Manager', 'Generates and manages API tokens and their IP whitelists', TRUE, FALSE),
    ('Business Owner', 'Approves IP addresses whitelisted on API tokens', TRUE, FALSE),
    ('Auditor', 'Read-only access to users, roles, tokens and the audit log', TRUE, FALSE);
--bun:split
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.name FROM roles r, permissions p
WHERE (r.name = 'Security Manager' AND p.name IN ('roles:read', 'tokens:read', 'tokens:write', 'audit:read'))
   OR (r.name = 'Business Owner' AND p.name IN ('tokens:read', 'whitelist:approve'))
   OR (r.name = 'Auditor' AND p.name IN ('users:read', 'roles:read', 'tokens:read', 'audit:read'));
