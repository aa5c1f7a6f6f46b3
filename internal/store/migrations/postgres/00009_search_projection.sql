-- +goose Up
-- SQLite's step 9 adds a view of its full-text vocabulary; PostgreSQL's
-- prefix search (to_tsquery with :*) needs nothing, and the step keeps the
-- two dialects' versions aligned.
SELECT 1;

-- +goose Down
SELECT 1;
