-- +goose NO TRANSACTION
-- +goose Up
-- Rebuild posts with the large columns (body_markdown, body_html, toc) last.
-- SQLite reads a row's columns in order and keeps what does not fit a page
-- in overflow pages, so with the bodies in the middle every list read had
-- to walk each post's overflow chain to reach status, author and dates.
-- This is SQLite's documented 12-step table change: foreign keys off, copy
-- (keeping rowids, which the search index refers to), swap, rebuild the
-- indexes and triggers, check the keys, foreign keys on.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE posts_new (
    id                   TEXT PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    title                TEXT NOT NULL,
    excerpt              TEXT NOT NULL DEFAULT '',
    custom_excerpt       BOOLEAN NOT NULL DEFAULT 0,
    reading_time_minutes INTEGER NOT NULL DEFAULT 0,
    word_count           INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at         DATETIME,
    featured             BOOLEAN NOT NULL DEFAULT 0,
    cover_image          TEXT NOT NULL DEFAULT '',
    meta_title           TEXT NOT NULL DEFAULT '',
    meta_description     TEXT NOT NULL DEFAULT '',
    canonical_url        TEXT NOT NULL DEFAULT '',
    author_id            TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL,
    toc                  TEXT NOT NULL DEFAULT '[]',
    body_markdown        TEXT NOT NULL DEFAULT '',
    body_html            TEXT NOT NULL DEFAULT '',
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);

INSERT INTO posts_new (rowid, id, slug, title, excerpt, custom_excerpt, reading_time_minutes, word_count, status,
    published_at, featured, cover_image, meta_title, meta_description, canonical_url, author_id, version,
    created_at, updated_at, toc, body_markdown, body_html)
SELECT rowid, id, slug, title, excerpt, custom_excerpt, reading_time_minutes, word_count, status,
    published_at, featured, cover_image, meta_title, meta_description, canonical_url, author_id, version,
    created_at, updated_at, toc, body_markdown, body_html
FROM posts;

DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;

CREATE INDEX posts_status_published ON posts (status, published_at DESC, id DESC);
CREATE INDEX posts_author_published ON posts (author_id, status, published_at DESC, id DESC);
CREATE INDEX posts_updated ON posts (updated_at DESC, id DESC);
CREATE INDEX posts_title ON posts (title, id);
CREATE INDEX posts_featured_published ON posts (featured, status, published_at DESC, id DESC);

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

COMMIT;

PRAGMA foreign_keys = ON;

-- +goose Down
-- The column order is invisible to the code; going down keeps it.
SELECT 1;
