-- +goose Up
-- Old slugs of renamed posts, so links keep working (301 to the current slug).
CREATE TABLE post_slugs (
    slug       TEXT PRIMARY KEY,
    post_id    TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX post_slugs_post ON post_slugs (post_id);

-- Listings: named pages of posts, manual (ordered ids) or rule-based.
CREATE TABLE listings (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('manual', 'rule')),
    post_ids    TEXT NOT NULL DEFAULT '[]',
    rule        TEXT NOT NULL DEFAULT '{}',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX posts_featured_published ON posts (featured, status, published_at DESC, id DESC);

-- +goose Down
DROP INDEX posts_featured_published;
DROP TABLE listings;
DROP TABLE post_slugs;
