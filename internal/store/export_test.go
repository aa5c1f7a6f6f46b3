package store

import (
	"context"

	"github.com/folio-cms/folio/internal/content"
)

// ListPostCardsBuilt is ListPostCards with the statement always built
// through GORM, never the fixed front-page statement.
func (s *Store) ListPostCardsBuilt(ctx context.Context, f content.PostFilter, format string) ([]PostCard, error) {
	return s.listPostCards(ctx, f, format, false)
}

// SetSearchWindow sets how many of the newest matches a relevance search
// ranks.
func (s *Store) SetSearchWindow(n int) { s.searchWindow = n }

// Vacuum runs VACUUM on a SQLite store's file.
func (s *Store) Vacuum(ctx context.Context) error { return s.write(ctx).Exec("VACUUM").Error }
