package main

import (
	"context"
	"log/slog"
	"time"
)

// housekeepEvery is how often expired idempotency records are purged.
const housekeepEvery = 15 * time.Minute

// housekeep deletes expired idempotency records until ctx ends.
func (a *app) housekeep(ctx context.Context) {
	t := time.NewTicker(housekeepEvery)
	defer t.Stop()
	for {
		n, err := a.svc.PurgeIdempotencyKeys(ctx)
		if err != nil && ctx.Err() == nil {
			a.log.Warn("purge idempotency keys", slog.Any("error", err))
		} else if n > 0 {
			a.log.Info("purged idempotency keys", slog.Int64("count", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cacheSyncEvery is how often the read cache catches up with changes made
// by other instances; this instance's own writes apply at commit.
const cacheSyncEvery = time.Second

// syncCache keeps the read cache in step with the event log until ctx ends.
func (a *app) syncCache(ctx context.Context) {
	t := time.NewTicker(cacheSyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := a.svc.SyncCache(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("sync read cache", slog.Any("error", err))
		}
	}
}
