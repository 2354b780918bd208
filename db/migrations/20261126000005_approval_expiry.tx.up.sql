ALTER TABLE approval_requests ADD COLUMN expiry_noticed_at {{.Time}};
