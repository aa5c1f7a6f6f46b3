package service

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/folio-cms/folio/internal/store"
)

// inTx runs fn in one transaction and, once it has committed, tells the
// after-commit hooks: effects that cannot roll back never run inside it.
// On SQLite, which has one writer, concurrent calls are grouped (group
// commit, see groupCommit); fn then runs in a savepoint of a transaction it
// shares, and its error rolls back only its own work.
func (s *Service) inTx(ctx context.Context, fn func(tx *store.Store) error) error {
	if s.group == nil {
		if err := s.store.InTx(ctx, fn); err != nil {
			return err
		}
		s.afterCommit(ctx)
		return nil
	}
	return s.group.run(s, ctx, fn)
}

// afterCommit runs the effects of a committed change.
func (s *Service) afterCommit(ctx context.Context) {
	if err := s.SyncCache(context.WithoutCancel(ctx)); err != nil {
		s.cache.Purge() // could not read what changed: drop everything rather than serve stale
	}
	s.changes.broadcast()
	s.hooksMu.RLock()
	hooks := s.hooks
	s.hooksMu.RUnlock()
	for _, h := range hooks {
		h()
	}
}

// maxGroup is the most changes one grouped transaction takes.
const maxGroup = 64

// A leader yields until quietYields yields in a row brought no one to
// its queue, and at most maxYields times.
const (
	quietYields = 3
	maxYields   = 16
)

// groupCommit batches the transactions of concurrent writers into one
// (group commit). SQLite runs one write transaction at a time, and each
// costs a BEGIN, a COMMIT with its WAL frames, a new full-text index
// segment and a round of after-commit effects; writers that would queue
// for the lock share those instead. No goroutine of its own: a writer that
// finds the group idle leads, committing everything queued (up to
// maxGroup) as one batch, then hands the lead to the first writer that
// queued meanwhile, so no writer commits for others for long.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*txOp
	leading bool
}

// txOp is one writer's transaction function and, once done, its result.
type txOp struct {
	ctx  context.Context
	fn   func(tx *store.Store) error
	err  error
	done chan struct{} // closed with err set
	lead chan struct{} // closed when this writer is to lead the next batch
}

func (g *groupCommit) run(s *Service, ctx context.Context, fn func(tx *store.Store) error) error {
	op := &txOp{ctx: ctx, fn: fn, done: make(chan struct{}), lead: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, op)
	if g.leading {
		g.mu.Unlock()
		select {
		case <-op.done:
			return op.err
		case <-op.lead: // op heads the queue
		}
		g.mu.Lock()
	}
	g.leading = true
	// Let writers that are runnable now (decoding, rendering markdown)
	// reach the queue before the batch is cut, yielding until a few
	// yields in a row bring no one more (the scheduler now and then runs
	// the yielding goroutine again first): on one core, eight writers'
	// batches grew from 2.0 to 4.7 on average and creates from 385 to
	// 452/s (docs/benchmarks.md, ninth session). A lone writer loses
	// well under a microsecond.
	for quiet, yields := 0, 0; quiet < quietYields && len(g.queue) < maxGroup && yields < maxYields; yields++ {
		n := len(g.queue)
		g.mu.Unlock()
		runtime.Gosched()
		g.mu.Lock()
		if len(g.queue) == n {
			quiet++
		} else {
			quiet = 0
		}
	}
	batch := g.queue[:min(len(g.queue), maxGroup)]
	g.queue = g.queue[len(batch):]
	g.mu.Unlock()

	s.commitGroup(batch)

	g.mu.Lock()
	if len(g.queue) > 0 {
		close(g.queue[0].lead)
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return op.err
}

// commitGroup runs batch in one transaction, each function in a savepoint,
// then the after-commit effects once, and releases the writers.
func (s *Service) commitGroup(batch []*txOp) {
	defer func() {
		for _, op := range batch {
			close(op.done)
		}
	}()
	if len(batch) == 1 {
		op := batch[0]
		op.err = runOp(op, func() error { return s.store.InTx(op.ctx, op.fn) })
		if op.err == nil {
			s.afterCommit(op.ctx)
		}
		return
	}
	ctx := context.Background() // BEGIN and COMMIT belong to no one writer
	committed := false
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		for _, op := range batch {
			if op.err = op.ctx.Err(); op.err != nil {
				continue // gave up while queued: never runs
			}
			op.err = runOp(op, func() error { return tx.InTx(op.ctx, op.fn) }) // a savepoint
			committed = committed || op.err == nil
		}
		return nil
	})
	for _, op := range batch {
		if err != nil && op.err == nil {
			op.err = err // the commit failed: nothing of the batch happened
		}
	}
	if err == nil && committed {
		s.afterCommit(ctx)
	}
}

// runOp runs one writer's work and turns a panic into its error, so that a
// panic in one writer's function cannot leave the others waiting.
func runOp(op *txOp, run func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("transaction panicked: %v", r)
		}
	}()
	return run()
}

// OnCommit registers fn to run after every committed change, for example to
// wake the webhook dispatcher. fn must not block.
func (s *Service) OnCommit(fn func()) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.hooks = append(s.hooks, fn)
}

// Changed returns a channel that is closed at the next committed change in
// this process. Readers of the event log wait on it instead of polling hard;
// other instances' changes are picked up by their poll interval.
func (s *Service) Changed() <-chan struct{} { return s.changes.wait() }

// signal is a broadcast: every waiter's channel closes at the next broadcast.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func (b *signal) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

func (b *signal) broadcast() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch != nil {
		close(b.ch)
		b.ch = nil
	}
}
