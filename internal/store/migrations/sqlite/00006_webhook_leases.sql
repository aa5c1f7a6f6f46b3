-- +goose Up
-- A lease on each webhook's delivery: with several instances on one
-- database, only the holder delivers, so events are not sent once per
-- instance. An expired lease is taken over by another instance.
ALTER TABLE webhooks ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE webhooks ADD COLUMN lease_until DATETIME;

-- +goose Down
ALTER TABLE webhooks DROP COLUMN lease_until;
ALTER TABLE webhooks DROP COLUMN lease_owner;
