-- +goose Up
-- SQLite rebuilds posts with its large columns last (see the SQLite step);
-- PostgreSQL keeps large values out of line (TOAST) already, so nothing
-- changes here. The step exists so both dialects share one version number.
SELECT 1;

-- +goose Down
SELECT 1;
