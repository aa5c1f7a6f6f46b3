package service

import (
	"context"
	"sync"

	"github.com/folio-cms/folio/internal/store"
)

// inTx runs fn in one transaction and, once it has committed, tells the
// after-commit hooks: effects that cannot roll back never run inside it.
func (s *Service) inTx(ctx context.Context, fn func(tx *store.Store) error) error {
	if err := s.store.InTx(ctx, fn); err != nil {
		return err
	}
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
	return nil
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
