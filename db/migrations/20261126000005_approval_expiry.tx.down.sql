ALTER TABLE approval_requests DROP COLUMN expiry_noticed_at;
