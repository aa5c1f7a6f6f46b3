-- +goose Up
-- On SQLite the events of one change that carry the same state keep it
-- once (data_from names the event holding it). PostgreSQL appends a
-- change's events in one statement and compresses large values itself, so
-- it stores each event's data and leaves data_from NULL; the column keeps
-- the two schemas alike.
ALTER TABLE events ADD COLUMN data_from BIGINT;

-- +goose Down
ALTER TABLE events DROP COLUMN data_from;
