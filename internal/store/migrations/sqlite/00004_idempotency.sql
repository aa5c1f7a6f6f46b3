-- +goose Up
-- Idempotency keys: the first response to a POST with an Idempotency-Key,
-- replayed for a retry with the same key and body for 24 hours.
CREATE TABLE idempotency_keys (
    caller       TEXT NOT NULL,
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    status       INTEGER NOT NULL DEFAULT 0,
    headers      TEXT NOT NULL DEFAULT '{}',
    body         BLOB,
    locked_until DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
