package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// TagList is one page of tags.
type TagList struct {
	Tags       []content.Tag
	NextCursor string
}

// ListTags returns tags sorted by name (slug order) or by published post count.
func (s *Service) ListTags(ctx context.Context, sort content.TagSort, page content.Page) (TagList, error) {
	list := "tags|" + string(sort)
	after, err := s.decodeCursor(list, page.Cursor)
	if err != nil {
		return TagList{}, err
	}
	tags, err := s.store.ListTags(ctx, sort, s.Now(), page.Limit+1, after)
	if err != nil {
		return TagList{}, fmt.Errorf("list tags: %w", err)
	}
	var out TagList
	out.Tags, out.NextCursor = pageOf(s, list, tags, page.Limit, func(t content.Tag) content.Keyset {
		return content.Keyset{ID: t.ID, Text: t.Slug, Float: float64(t.PostCount)}
	})
	return out, nil
}

// GetTag returns the tag with slug and its count of published posts.
func (s *Service) GetTag(ctx context.Context, slug string) (content.Tag, error) {
	if !content.IsSlug(slug) {
		return content.Tag{}, content.BadParam("slug", "must be a tag slug")
	}
	return s.store.GetTagBySlug(ctx, slug, s.Now())
}

// CreateTag adds a tag (editors and admins). The slug defaults to one
// derived from the name; a taken slug is ErrConflict.
func (s *Service) CreateTag(ctx context.Context, in content.TagInput) (content.Tag, error) {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return content.Tag{}, err
	}
	if err := in.Validate(true); err != nil {
		return content.Tag{}, err
	}
	slug := content.Slugify(*in.Name)
	if in.Slug != nil {
		slug = *in.Slug
	}
	var t content.Tag
	err := s.inTx(ctx, func(tx *store.Store) error {
		var err error
		if t, err = s.insertTag(ctx, tx, slug, strings.TrimSpace(*in.Name), deref(in.Description)); err != nil {
			return err
		}
		t, err = tx.GetTagBySlug(ctx, t.Slug, s.Now()) // in the tx: a replica may not have it yet
		return err
	})
	if err != nil {
		return content.Tag{}, fmt.Errorf("create tag: %w", err)
	}
	return t, nil
}

// UpdateTag changes a tag (editors and admins); ifVersion as in UpdatePost.
func (s *Service) UpdateTag(ctx context.Context, slug string, in content.TagInput, ifVersion int) (content.Tag, error) {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return content.Tag{}, err
	}
	if err := in.Validate(false); err != nil {
		return content.Tag{}, err
	}
	var t content.Tag
	err := s.inTx(ctx, func(tx *store.Store) error {
		var err error
		if t, err = s.versionedTag(ctx, tx, slug, ifVersion); err != nil {
			return err
		}
		setIf(&t.Slug, in.Slug)
		setIf(&t.Name, in.Name)
		setIf(&t.Description, in.Description)
		t.Name = strings.TrimSpace(t.Name)
		t.Version++
		t.UpdatedAt = s.Now()
		if err := tx.UpdateTag(ctx, t); err != nil {
			if errors.Is(err, content.ErrConflict) {
				return content.Public(err, "tag slug %q is taken", t.Slug)
			}
			return err
		}
		if err := s.appendEvent(ctx, tx, content.EventTagUpdated, "tag", t.ID, t); err != nil {
			return err
		}
		t, err = tx.GetTagBySlug(ctx, t.Slug, s.Now())
		return err
	})
	if err != nil {
		return content.Tag{}, fmt.Errorf("update tag %s: %w", slug, err)
	}
	return t, nil
}

// DeleteTag removes a tag from every post and deletes it (editors and admins).
func (s *Service) DeleteTag(ctx context.Context, slug string, ifVersion int) error {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *store.Store) error {
		t, err := s.versionedTag(ctx, tx, slug, ifVersion)
		if err != nil {
			return err
		}
		if err := tx.DeleteTag(ctx, t.ID); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, content.EventTagDeleted, "tag", t.ID, t)
	})
	if err != nil {
		return fmt.Errorf("delete tag %s: %w", slug, err)
	}
	return nil
}

func (s *Service) versionedTag(ctx context.Context, tx *store.Store, slug string, ifVersion int) (content.Tag, error) {
	if !content.IsSlug(slug) {
		return content.Tag{}, content.BadParam("slug", "must be a tag slug")
	}
	t, err := tx.GetTagBySlug(ctx, slug, s.Now())
	if err != nil {
		return t, err
	}
	if err := checkIfMatch("tag", t.Version, ifVersion); err != nil {
		return t, err
	}
	return t, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
