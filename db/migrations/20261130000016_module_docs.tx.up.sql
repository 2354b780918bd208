-- An API module may document its API for the API library: where it answers and example
-- calls. The examples are read and written whole with their module and never queried one by
-- one, so they are kept as one JSON array (title, method, path, description, body, action).
ALTER TABLE modules ADD COLUMN base_url TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE modules ADD COLUMN examples TEXT NOT NULL DEFAULT '[]';
