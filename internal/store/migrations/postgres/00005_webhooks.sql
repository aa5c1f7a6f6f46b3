-- +goose Up
-- Webhooks: a URL subscribed to event types. last_event_id is the outbox
-- position: delivery resumes after it, and it only moves once a receiver
-- answered 2xx (or the event was not wanted).
CREATE TABLE webhooks (
    id                   TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    events               TEXT NOT NULL DEFAULT '[]',
    secret               TEXT NOT NULL,
    active               BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason      TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_event_id        BIGINT NOT NULL DEFAULT 0,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

-- One row per delivery attempt; status_code is NULL when no response came.
CREATE TABLE webhook_deliveries (
    id            BIGSERIAL PRIMARY KEY,
    webhook_id    TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    delivery_id   TEXT NOT NULL,
    event_id      BIGINT NOT NULL,
    event_type    TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER,
    error         TEXT NOT NULL DEFAULT '',
    duration_ms   BIGINT NOT NULL,
    succeeded     BOOLEAN NOT NULL,
    next_retry_at TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
