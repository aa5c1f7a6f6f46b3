-- +goose Up
-- Search indexing leaves the write path. Indexing a 6 KB post in FTS5 cost
-- a create about 2 ms, most of it merging index segments one commit at a
-- time; the projector now indexes whatever was written since its last
-- round in one transaction (docs/benchmarks.md). Writes only note the
-- post's rowid in search_pending, and a post is searchable a moment after
-- its commit (eventual consistency, like the post views of step 8).
--
-- The index keeps no text (content = ''): reads take rank and matches from
-- it and everything else, snippets included, from posts. contentless_delete
-- lets the projector drop a post's entry by rowid, whatever text it held.
DROP TRIGGER posts_fts_update;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_insert;
DROP TABLE posts_fts;

CREATE VIRTUAL TABLE posts_fts USING fts5(
    title, excerpt, body_markdown,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO posts_fts (rowid, title, excerpt, body_markdown)
SELECT rowid, title, excerpt, body_markdown FROM posts;

-- The index's vocabulary, one row per indexed word. A search's last word
-- is a prefix; the store looks up the words it begins here and matches
-- them exactly, because FTS5 answers a prefix query by merging the
-- doclists of all those words every time the query is opened.
CREATE VIRTUAL TABLE posts_fts_vocab USING fts5vocab(posts_fts, 'row');

-- The posts whose entry in the index is stale: inserted, edited or
-- deleted since the projector last ran.
CREATE TABLE search_pending (post_rowid INTEGER PRIMARY KEY);

-- +goose StatementBegin
CREATE TRIGGER search_pending_insert AFTER INSERT ON posts BEGIN
    INSERT OR IGNORE INTO search_pending (post_rowid) VALUES (new.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_pending_update AFTER UPDATE OF title, excerpt, body_markdown ON posts BEGIN
    INSERT OR IGNORE INTO search_pending (post_rowid) VALUES (new.rowid);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER search_pending_delete AFTER DELETE ON posts BEGIN
    INSERT OR IGNORE INTO search_pending (post_rowid) VALUES (old.rowid);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_pending_delete;
DROP TRIGGER search_pending_update;
DROP TRIGGER search_pending_insert;
DROP TABLE search_pending;
DROP TABLE posts_fts_vocab;
DROP TABLE posts_fts;

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
