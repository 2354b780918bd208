{{if not .Postgres}}
-- SQLite finds a part of a token's name, or of an actor of the audit trail, through a trigram
-- index (FTS5), as Postgres does through pg_trgm: reading every name costs about 20 ms a
-- hundred thousand names. Triggers keep both complete.
CREATE VIRTUAL TABLE tokens_search USING fts5(name, content='tokens', content_rowid='id', tokenize='trigram');
{{end}}
--bun:split
{{if not .Postgres}}
INSERT INTO tokens_search (tokens_search) VALUES ('rebuild');
{{end}}
--bun:split
{{if not .Postgres}}
CREATE TRIGGER tokens_search_insert AFTER INSERT ON tokens
BEGIN
    INSERT INTO tokens_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
{{end}}
--bun:split
{{if not .Postgres}}
CREATE TRIGGER tokens_search_delete AFTER DELETE ON tokens
BEGIN
    INSERT INTO tokens_search (tokens_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
END;
{{end}}
--bun:split
{{if not .Postgres}}
CREATE TRIGGER tokens_search_update AFTER UPDATE OF name ON tokens
BEGIN
    INSERT INTO tokens_search (tokens_search, rowid, name) VALUES ('delete', OLD.id, OLD.name);
    INSERT INTO tokens_search (rowid, name) VALUES (NEW.id, NEW.name);
END;
{{end}}
--bun:split
{{if not .Postgres}}
CREATE VIRTUAL TABLE audit_actors_search USING fts5(label, tokenize='trigram');
{{end}}
--bun:split
{{if not .Postgres}}
INSERT INTO audit_actors_search (label) SELECT label FROM audit_actors;
{{end}}
--bun:split
{{if not .Postgres}}
CREATE TRIGGER audit_actors_search AFTER INSERT ON audit_actors
BEGIN
    INSERT INTO audit_actors_search (label) VALUES (NEW.label);
END;
{{end}}
