-- +goose Up
-- Full-text search over title, excerpt and body: an external-content FTS5
-- table kept in step with posts by triggers, so the text is stored once.
CREATE VIRTUAL TABLE posts_fts USING fts5(
    title, excerpt, body_markdown,
    content = 'posts', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose StatementBegin
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, title, excerpt, body_markdown)
    VALUES (new.rowid, new.title, new.excerpt, new.body_markdown);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, excerpt, body_markdown)
    VALUES ('delete', old.rowid, old.title, old.excerpt, old.body_markdown);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, excerpt, body_markdown ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, title, excerpt, body_markdown)
    VALUES ('delete', old.rowid, old.title, old.excerpt, old.body_markdown);
    INSERT INTO posts_fts (rowid, title, excerpt, body_markdown)
    VALUES (new.rowid, new.title, new.excerpt, new.body_markdown);
END;
-- +goose StatementEnd

INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');

-- +goose Down
DROP TRIGGER posts_fts_update;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_insert;
DROP TABLE posts_fts;
