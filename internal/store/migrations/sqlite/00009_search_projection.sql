-- +goose Up
-- The full-text index's vocabulary, one row per indexed word. A search's
-- last word is a prefix; the store looks up the words it begins here and
-- matches them exactly, because FTS5 answers a prefix query by merging the
-- doclists of all those words every time the query is opened, which a page
-- of snippets does once per row (docs/benchmarks.md).
CREATE VIRTUAL TABLE posts_fts_vocab USING fts5vocab(posts_fts, 'row');

-- +goose Down
DROP TABLE posts_fts_vocab;
