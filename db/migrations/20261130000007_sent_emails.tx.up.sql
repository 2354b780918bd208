CREATE TABLE sent_emails (
    key     TEXT PRIMARY KEY,
    sent_at {{.Time}} NOT NULL
);
