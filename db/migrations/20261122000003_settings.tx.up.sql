CREATE TABLE settings (
    id         INTEGER PRIMARY KEY,
    data       TEXT NOT NULL,
    updated_at {{.Time}} NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
