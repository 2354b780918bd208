CREATE TABLE partners (
    id                    {{.PK}},
    name                  TEXT NOT NULL,
    business_owner_emails TEXT NOT NULL DEFAULT '[]',
    created_at            {{.Time}} NOT NULL,
    updated_at            {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX partners_name_key ON partners (lower(name));
--bun:split
CREATE TABLE applications (
    id          {{.PK}},
    client_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    partner_id  BIGINT REFERENCES partners (id),
    created_at  {{.Time}} NOT NULL,
    updated_at  {{.Time}} NOT NULL
);
--bun:split
CREATE UNIQUE INDEX applications_client_id_key ON applications (client_id);
--bun:split
CREATE INDEX applications_partner_idx ON applications (partner_id, id);
--bun:split
ALTER TABLE users ADD COLUMN partner_id BIGINT{{if .Postgres}} REFERENCES partners (id){{end}};
--bun:split
CREATE INDEX users_partner_idx ON users (partner_id, id);
--bun:split
ALTER TABLE tokens ADD COLUMN partner_id BIGINT{{if .Postgres}} REFERENCES partners (id){{end}};
--bun:split
ALTER TABLE tokens ADD COLUMN application_id BIGINT{{if .Postgres}} REFERENCES applications (id){{end}};
--bun:split
CREATE INDEX tokens_partner_idx ON tokens (partner_id, id);
--bun:split
CREATE INDEX tokens_application_idx ON tokens (application_id, id);
--bun:split
ALTER TABLE approval_requests ADD COLUMN partner_id BIGINT;
--bun:split
ALTER TABLE audit_events ADD COLUMN partner_id BIGINT;
--bun:split
CREATE INDEX audit_events_partner_idx ON audit_events (partner_id, id);
--bun:split
INSERT INTO modules (key, name, description, builtin) VALUES
    ('partners', 'Partners', 'Outside organisations that call the APIs, and their Business Owners', TRUE),
    ('applications', 'Applications', 'The integrations of partners, each with a constant client id', TRUE);
--bun:split
INSERT INTO permissions (name, module, action, description, builtin) VALUES
    ('partners:read', 'partners', 'read', 'See partners', TRUE),
    ('partners:write', 'partners', 'write', 'Create, edit and delete partners', TRUE),
    ('applications:read', 'applications', 'read', 'See applications and their client ids', TRUE),
    ('applications:write', 'applications', 'write', 'Create, edit and delete applications', TRUE);
--bun:split
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.name FROM roles r, permissions p
WHERE (r.name = 'Security Manager' AND p.name IN ('applications:read', 'applications:write', 'partners:read'))
   OR (r.name = 'Business Owner' AND p.name IN ('applications:read'))
   OR (r.name = 'Auditor' AND p.name IN ('applications:read', 'partners:read'));
