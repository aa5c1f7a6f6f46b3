package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"time"
)

// SQLite copies the pages of its write-ahead log back into the database
// file in a checkpoint, and by default the connection that commits runs
// one inline whenever the log passes 1,000 pages: the write that crosses
// it waits for copying some 4 MB and two fsyncs, and a page rewritten by
// every create (a B-tree's rightmost leaf, the search index's structure)
// is copied again every 1,000 pages. Folio checkpoints from a connection
// of its own instead, every 100 ms while the log grows, at a low thread
// priority, so no write waits for one (docs/benchmarks.md, ninth session:
// creates 16-22 % faster on one core).

const (
	// DefaultCheckpointInterval is how often the checkpointer looks for
	// new pages in the log.
	DefaultCheckpointInterval = 100 * time.Millisecond
	// walAutocheckpoint is every connection's wal_autocheckpoint: the
	// inline checkpoint now only backs the checkpointer up (if it falls
	// behind, or a long reader keeps it from finishing, the log stops
	// growing here, about 40 MB, as it would without it at 4 MB).
	walAutocheckpoint = 10000
)

// checkpointer runs PASSIVE checkpoints on its own connection: one each
// interval in which the log was written to, found by the log file's
// modification time (a stat a tick), so every write counts whatever path
// made it. PASSIVE never waits for readers or the writer; what it cannot
// copy yet, the next tick does.
type checkpointer struct {
	db       *sql.DB
	wal      string
	interval time.Duration
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	runs    int // checkpoints run
	failed  int // of which failed
	err     error
	logged  int // the log's pages at the last checkpoint that ran
	pending int // of which not yet in the database file (readers still use them)
	tid     int // the thread the checkpoints run on, 0 where that means nothing
}

func startCheckpointer(ctx context.Context, db *sql.DB, path string, interval time.Duration) *checkpointer {
	c := &checkpointer{db: db, wal: path + "-wal", interval: interval, stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop(context.WithoutCancel(ctx))
	return c
}

func (c *checkpointer) loop(ctx context.Context) {
	defer close(c.done)
	tid := lowerThreadPriority()
	c.mu.Lock()
	c.tid = tid
	c.mu.Unlock()
	t := time.NewTicker(c.interval)
	defer t.Stop()
	var (
		seen  time.Time
		again bool
	)
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		fi, err := os.Stat(c.wal)
		changed := err == nil && !fi.ModTime().Equal(seen)
		if !changed && !again {
			continue // no log (closed, or never written) or nothing new in it
		}
		if changed {
			seen = fi.ModTime()
		}
		logged, copied, err := c.checkpoint(ctx)
		// Once more next tick after any work: a write in the same clock
		// tick as the stat left the time unchanged; and until readers let
		// every page be copied.
		again = changed || err != nil || copied < logged
		c.mu.Lock()
		c.runs++
		c.err = err // retried next tick; the inline checkpoint backs it up
		if err != nil {
			c.failed++
		} else {
			c.logged, c.pending = logged, logged-copied
		}
		c.mu.Unlock()
	}
}

// checkpoint runs one and returns the log's size in pages and how many of
// them are now in the database file.
func (c *checkpointer) checkpoint(ctx context.Context) (logged, copied int, err error) {
	var busy int
	if err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied); err != nil {
		return 0, 0, fmt.Errorf("checkpoint: %w", err)
	}
	return logged, copied, nil
}

// close stops the loop and closes the connection; again, it does nothing.
func (c *checkpointer) close() error {
	c.stopOnce.Do(func() { close(c.stop) })
	<-c.done
	return c.db.Close()
}

// stats reports how many checkpoints ran and the last one's error.
func (c *checkpointer) stats() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs, c.err
}

// CheckpointStats are the background checkpointer's counters.
type CheckpointStats struct {
	Runs, Failed int64
	// LogPages is the size of the write-ahead log in pages at the last
	// checkpoint, and PendingPages how many of them it could not copy
	// back yet because readers still used them.
	LogPages, PendingPages int64
}

// CheckpointStats returns the checkpointer's counters; ok is false where
// there is none (PostgreSQL).
func (s *Store) CheckpointStats() (st CheckpointStats, ok bool) {
	c := s.ckpt
	if c == nil {
		return CheckpointStats{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CheckpointStats{Runs: int64(c.runs), Failed: int64(c.failed), LogPages: int64(c.logged),
		PendingPages: int64(c.pending)}, true
}
