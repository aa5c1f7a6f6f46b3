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

// viewsBatchDelay is how long the projector waits after a commit before
// rendering, so a burst of writes is rendered in a few batches, not one
// round per write; viewsPollEvery catches other instances' writes.
const (
	viewsBatchDelay = 50 * time.Millisecond
	viewsPollEvery  = time.Second
)

// projectViews keeps the read model of public post reads current until ctx
// ends: it renders stale views at start, after commits in this process,
// and on a poll for changes made by other instances.
func (a *app) projectViews(ctx context.Context) {
	t := time.NewTicker(viewsPollEvery)
	defer t.Stop()
	for {
		changed := a.svc.Changed()
		start := time.Now()
		n, err := a.svc.ProjectViews(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Warn("render post views", slog.Any("error", err))
		case n > 0:
			a.log.Debug("rendered post views", slog.Int("count", n),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
			select {
			case <-ctx.Done():
				return
			case <-time.After(viewsBatchDelay):
			}
		case <-t.C:
		}
	}
}
