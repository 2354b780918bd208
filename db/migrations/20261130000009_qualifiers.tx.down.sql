ALTER TABLE permissions DROP COLUMN qualifier;
