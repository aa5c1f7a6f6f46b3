-- +goose Up
-- The read model of public post reads (CQRS): each post's list item and
-- whole page as the public receives them, rendered after commit by the
-- service's view projector. Triggers bump a view's generation (gen) in the
-- transaction of every change it depends on: the post, its tag links, the
-- names and slugs of its tags and of its author. A view is served only when
-- it was rendered at its current generation (rendered_gen = gen) and in the
-- running release's format; otherwise the read goes to the tables.
--
-- A view's rowid is its post's rowid (which the search index relies on
-- too; 00007 kept them), so reads join a view in one b-tree search instead
-- of two (the post_id index, then the row). Reads check that the view's
-- post_id is the post's id, and ignore the view if it is not.
CREATE TABLE post_views (
    post_id      TEXT NOT NULL UNIQUE REFERENCES posts (id) ON DELETE CASCADE,
    gen          INTEGER NOT NULL DEFAULT 1,
    rendered_gen INTEGER NOT NULL DEFAULT 0,
    format       TEXT NOT NULL DEFAULT '',
    page_etag    TEXT NOT NULL DEFAULT '',
    keys         TEXT NOT NULL DEFAULT '',
    card         TEXT NOT NULL DEFAULT '',
    page         TEXT NOT NULL DEFAULT ''
);
-- What the projector has to render: few rows, so a small partial index.
CREATE INDEX post_views_stale ON post_views (post_id) WHERE rendered_gen <> gen;

INSERT INTO post_views (rowid, post_id) SELECT rowid, id FROM posts;

-- +goose StatementBegin
CREATE TRIGGER post_views_post_insert AFTER INSERT ON posts BEGIN
    INSERT INTO post_views (rowid, post_id) VALUES (new.rowid, new.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_post_update AFTER UPDATE ON posts BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id = new.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_link_insert AFTER INSERT ON post_tags BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id = new.post_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_link_update AFTER UPDATE ON post_tags BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id IN (old.post_id, new.post_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_link_delete AFTER DELETE ON post_tags BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id = old.post_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_tag_update AFTER UPDATE OF slug, name ON tags BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id IN (SELECT post_id FROM post_tags WHERE tag_id = new.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER post_views_author_update AFTER UPDATE OF slug, name ON users BEGIN
    UPDATE post_views SET gen = gen + 1 WHERE post_id IN (SELECT id FROM posts WHERE author_id = new.id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER post_views_author_update;
DROP TRIGGER post_views_tag_update;
DROP TRIGGER post_views_link_delete;
DROP TRIGGER post_views_link_update;
DROP TRIGGER post_views_link_insert;
DROP TRIGGER post_views_post_update;
DROP TRIGGER post_views_post_insert;
DROP TABLE post_views;
