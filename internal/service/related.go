package service

import (
	"context"
	"fmt"

	"github.com/folio-cms/folio/internal/content"
)

// RelatedPosts returns up to limit published posts sharing tags with the
// post idOrSlug (which the caller must be able to see): most shared first.
func (s *Service) RelatedPosts(ctx context.Context, idOrSlug string, limit int) ([]content.Post, error) {
	p, err := s.GetPost(ctx, idOrSlug)
	if err != nil {
		return nil, err
	}
	posts, err := s.store.RelatedPosts(ctx, p.ID, s.Now(), limit)
	if err != nil {
		return nil, fmt.Errorf("related posts of %s: %w", p.ID, err)
	}
	return posts, nil
}

// Archive counts published posts per year and month, newest first.
func (s *Service) Archive(ctx context.Context) ([]content.ArchiveMonth, error) {
	return s.store.Archive(ctx, s.Now())
}
