package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// applyPostInput copies the present fields of in onto p, renders the body
// and resolves the status. Slug, tags and author need the database and are
// handled by prepareSlugAndTags and setAuthor.
func (s *Service) applyPostInput(p *content.Post, in content.PostInput, now time.Time) error {
	setIf(&p.Title, in.Title)
	setIf(&p.CoverImage, in.CoverImage)
	setIf(&p.MetaTitle, in.MetaTitle)
	setIf(&p.MetaDescription, in.MetaDescription)
	setIf(&p.CanonicalURL, in.CanonicalURL)
	setIf(&p.Featured, in.Featured)
	p.Title = strings.TrimSpace(p.Title)
	if in.BodyMarkdown != nil || p.BodyHTML == "" {
		setIf(&p.BodyMarkdown, in.BodyMarkdown)
		doc := s.md.Render(p.BodyMarkdown)
		p.BodyHTML, p.WordCount, p.ReadingTimeMinutes = doc.HTML, doc.WordCount, doc.ReadingTime
		p.TOC = make([]content.Heading, len(doc.TOC))
		for i, h := range doc.TOC {
			p.TOC[i] = content.Heading{Level: h.Level, Text: h.Text, Anchor: h.Anchor}
		}
		if !p.CustomExcerpt {
			p.Excerpt = doc.Excerpt
		}
	}
	if in.Excerpt != nil {
		p.CustomExcerpt = strings.TrimSpace(*in.Excerpt) != ""
		p.Excerpt = strings.TrimSpace(*in.Excerpt)
		if !p.CustomExcerpt {
			p.Excerpt = s.md.Render(p.BodyMarkdown).Excerpt
		}
	}
	return s.applyStatus(p, in, now)
}

func (s *Service) applyStatus(p *content.Post, in content.PostInput, now time.Time) error {
	if in.Status == nil && in.PublishedAt == nil {
		return nil
	}
	want, at := p.StatusAt(now), p.PublishedAt
	if in.Status != nil {
		want = *in.Status
	}
	if in.PublishedAt != nil {
		at = *in.PublishedAt
	}
	if at != nil {
		t := at.UTC().Truncate(time.Microsecond)
		at = &t
	}
	status, at, err := content.ResolveStatus(want, at, now)
	if err != nil {
		return err
	}
	p.Status, p.PublishedAt = status, at
	return nil
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// setAuthor gives the post to authorID when asked. Only editors may write
// for someone else; the author must exist.
func (s *Service) setAuthor(ctx context.Context, tx *store.Store, a content.Actor, p *content.Post, authorID *string) error {
	if authorID == nil || *authorID == p.Author.ID {
		return nil
	}
	if !a.IsEditor() {
		return fmt.Errorf("only editors may set author_id: %w", content.ErrForbidden)
	}
	if _, err := tx.GetUser(ctx, *authorID); err != nil {
		if errors.Is(err, content.ErrNotFound) {
			return content.Invalid("author_id", "no user has this id")
		}
		return err
	}
	p.Author.ID = *authorID
	return nil
}

// prepareSlugAndTags picks the post's slug (the given one, or a free one
// derived from the title on create) and resolves its tags, creating the
// unknown ones with a tag.created event each.
func (s *Service) prepareSlugAndTags(ctx context.Context, tx *store.Store, p *content.Post, in content.PostInput) error {
	switch {
	case in.Slug != nil && *in.Slug != "":
		taken, err := tx.PostSlugTaken(ctx, *in.Slug, p.ID)
		if err != nil {
			return err
		}
		if taken {
			return content.Public(content.ErrConflict, "slug %q is taken by another post", *in.Slug)
		}
		if err := tx.ForgetSlug(ctx, *in.Slug); err != nil { // a current slug wins over an old one
			return err
		}
		p.Slug = *in.Slug
	case p.Slug == "":
		slug, err := s.freePostSlug(ctx, tx, content.Slugify(p.Title), p.ID)
		if err != nil {
			return err
		}
		if err := tx.ForgetSlug(ctx, slug); err != nil {
			return err
		}
		p.Slug = slug
	}
	if in.Tags == nil {
		return nil
	}
	tags, err := s.resolveTags(ctx, tx, *in.Tags)
	if err != nil {
		return err
	}
	p.Tags = tags
	return nil
}

func (s *Service) freePostSlug(ctx context.Context, tx *store.Store, base, id string) (string, error) {
	if base == "" {
		base = "post"
	}
	for n := 1; n < 1000; n++ {
		slug := base
		if n > 1 {
			slug = content.WithSuffix(base, n)
		}
		taken, err := tx.PostSlugTaken(ctx, slug, id)
		if err != nil || !taken {
			return slug, err
		}
	}
	return content.WithSuffix(base, int(s.Now().UnixNano()%1e9)), nil
}

// resolveTags maps names or slugs to tags in order, without duplicates,
// creating the missing ones.
func (s *Service) resolveTags(ctx context.Context, tx *store.Store, names []string) ([]content.TagRef, error) {
	slugs, labels := make([]string, 0, len(names)), map[string]string{}
	for _, n := range names {
		slug := content.Slugify(n)
		if _, dup := labels[slug]; !dup {
			slugs = append(slugs, slug)
			labels[slug] = strings.TrimSpace(n)
		}
	}
	existing, err := tx.FindTags(ctx, slugs)
	if err != nil {
		return nil, err
	}
	bySlug := make(map[string]content.Tag, len(existing))
	for _, t := range existing {
		bySlug[t.Slug] = t
	}
	refs := make([]content.TagRef, 0, len(slugs))
	for _, slug := range slugs {
		t, ok := bySlug[slug]
		if !ok {
			if t, err = s.ensureTag(ctx, tx, slug, labels[slug]); err != nil {
				return nil, err
			}
		}
		refs = append(refs, content.TagRef{ID: t.ID, Slug: t.Slug, Name: t.Name})
	}
	return refs, nil
}

// ensureTag creates a tag named by a post write, unless a concurrent write
// created it first; only the creator appends tag.created.
func (s *Service) ensureTag(ctx context.Context, tx *store.Store, slug, name string) (content.Tag, error) {
	now := s.Now()
	t, created, err := tx.EnsureTag(ctx, content.Tag{ID: content.NewID(), Slug: slug, Name: name, Version: 1, CreatedAt: now, UpdatedAt: now})
	if err != nil || !created {
		return t, err
	}
	return t, s.appendEvent(ctx, tx, content.EventTagCreated, "tag", t.ID, t)
}

func (s *Service) insertTag(ctx context.Context, tx *store.Store, slug, name, desc string) (content.Tag, error) {
	now := s.Now()
	t := content.Tag{ID: content.NewID(), Slug: slug, Name: name, Description: desc, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateTag(ctx, t); err != nil {
		if errors.Is(err, content.ErrConflict) {
			return t, content.Public(err, "tag slug %q is taken", slug)
		}
		return t, err
	}
	return t, s.appendEvent(ctx, tx, content.EventTagCreated, "tag", t.ID, t)
}
