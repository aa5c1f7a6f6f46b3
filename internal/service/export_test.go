package service

import (
	"context"

	"github.com/folio-cms/folio/internal/store"
)

// InTx exposes inTx, with its grouping, to the tests.
func (s *Service) InTx(ctx context.Context, fn func(tx *store.Store) error) error {
	return s.inTx(ctx, fn)
}

// Queued is how many transactions wait for the group's leader; -1 when
// transactions are not grouped.
func (s *Service) Queued() int {
	if s.group == nil {
		return -1
	}
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.queue)
}
