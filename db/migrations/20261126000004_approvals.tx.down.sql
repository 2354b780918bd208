DROP TABLE login_codes;
--bun:split
DROP INDEX tokens_reminder_idx;
--bun:split
ALTER TABLE tokens DROP COLUMN expiry_notice_for;
--bun:split
ALTER TABLE tokens DROP COLUMN reminded_on;
--bun:split
DROP TABLE notifications;
--bun:split
DROP TABLE approval_requests;
