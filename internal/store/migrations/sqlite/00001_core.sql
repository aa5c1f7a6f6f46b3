-- +goose Up
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    bio           TEXT NOT NULL DEFAULT '',
    avatar_url    TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author')),
    password_hash TEXT NOT NULL,
    token_version INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    expires_at   DATETIME NOT NULL,
    revoked_at   DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

CREATE TABLE posts (
    id                   TEXT PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    title                TEXT NOT NULL,
    excerpt              TEXT NOT NULL DEFAULT '',
    custom_excerpt       BOOLEAN NOT NULL DEFAULT 0,
    body_markdown        TEXT NOT NULL DEFAULT '',
    body_html            TEXT NOT NULL DEFAULT '',
    toc                  TEXT NOT NULL DEFAULT '[]',
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
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX posts_status_published ON posts (status, published_at DESC, id DESC);
CREATE INDEX posts_author_published ON posts (author_id, status, published_at DESC, id DESC);
CREATE INDEX posts_updated ON posts (updated_at DESC, id DESC);
CREATE INDEX posts_title ON posts (title, id);

CREATE TABLE tags (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE post_tags (
    post_id  TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id   TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag ON post_tags (tag_id, post_id);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    occurred_at DATETIME NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX events_entity ON events (entity, entity_id, id);

-- +goose Down
DROP TABLE events;
DROP TABLE post_tags;
DROP TABLE tags;
DROP TABLE posts;
DROP TABLE api_tokens;
DROP TABLE users;
