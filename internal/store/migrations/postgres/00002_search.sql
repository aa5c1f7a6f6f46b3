-- +goose Up
-- Full-text search over title (weight A), excerpt (B) and body (C): a
-- generated tsvector with a GIN index. The 'simple' configuration matches
-- SQLite's unicode61 tokenizer: no stemming, any language.
ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') ||
    setweight(to_tsvector('simple', excerpt), 'B') ||
    setweight(to_tsvector('simple', body_markdown), 'C')
) STORED;
CREATE INDEX posts_search ON posts USING GIN (search);

-- +goose Down
DROP INDEX posts_search;
ALTER TABLE posts DROP COLUMN search;
