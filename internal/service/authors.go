package service

import (
	"context"
	"fmt"

	"github.com/folio-cms/folio/internal/content"
)

// AuthorList is one page of authors.
type AuthorList struct {
	Authors    []content.Author
	NextCursor string
}

// ListAuthors returns public author profiles sorted by name (slug order) or post count.
func (s *Service) ListAuthors(ctx context.Context, sort content.TagSort, page content.Page) (AuthorList, error) {
	list := "authors|" + string(sort)
	after, err := s.decodeCursor(list, page.Cursor)
	if err != nil {
		return AuthorList{}, err
	}
	authors, err := s.store.ListAuthors(ctx, sort, s.Now(), page.Limit+1, after)
	if err != nil {
		return AuthorList{}, fmt.Errorf("list authors: %w", err)
	}
	var out AuthorList
	out.Authors, out.NextCursor = pageOf(s, list, authors, page.Limit, func(a content.Author) content.Keyset {
		return content.Keyset{ID: a.ID, Text: a.Slug, Float: float64(a.PostCount)}
	})
	return out, nil
}

// GetAuthor returns one public author profile.
func (s *Service) GetAuthor(ctx context.Context, slug string) (content.Author, error) {
	if !content.IsSlug(slug) {
		return content.Author{}, content.BadParam("slug", "must be an author slug")
	}
	return s.store.GetAuthorBySlug(ctx, slug, s.Now())
}
