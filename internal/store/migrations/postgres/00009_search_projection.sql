-- +goose Up
-- SQLite's step 9 moves search indexing to the projector. PostgreSQL's
-- index is a generated tsvector column with a GIN index, kept by the
-- database in the writing transaction, and needs nothing; the step keeps
-- the two dialects' versions aligned.
SELECT 1;

-- +goose Down
SELECT 1;
