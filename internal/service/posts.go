package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// GetPost returns a post by id or current slug. A post the caller may not
// see (a draft or a scheduled post of someone else) is ErrNotFound.
func (s *Service) GetPost(ctx context.Context, idOrSlug string) (content.Post, error) {
	p, err := s.lookupPost(ctx, s.store, idOrSlug)
	if err != nil {
		return content.Post{}, err
	}
	if !s.canSee(ctx, p) {
		return content.Post{}, fmt.Errorf("post %s: %w", idOrSlug, content.ErrNotFound)
	}
	if !content.IsID(idOrSlug) && !strings.EqualFold(idOrSlug, p.Slug) {
		return p, &content.MovedError{Slug: p.Slug} // an old slug: send readers to the current one
	}
	return p, nil
}

func (s *Service) lookupPost(ctx context.Context, st *store.Store, idOrSlug string) (content.Post, error) {
	if content.IsID(idOrSlug) {
		p, err := st.GetPost(ctx, idOrSlug)
		if !errors.Is(err, content.ErrNotFound) {
			return p, err
		}
	}
	slug := strings.ToLower(idOrSlug)
	if !content.IsSlug(slug) {
		return content.Post{}, content.BadParam("id", "must be a post id (ULID) or slug")
	}
	p, err := st.GetPostBySlug(ctx, slug)
	if !errors.Is(err, content.ErrNotFound) {
		return p, err
	}
	id, oldErr := st.PostIDForOldSlug(ctx, slug)
	if oldErr != nil {
		return p, err
	}
	return st.GetPost(ctx, id)
}

func (s *Service) canSee(ctx context.Context, p content.Post) bool {
	if p.VisibleAt(s.Now()) {
		return true
	}
	a, ok := content.ActorFrom(ctx)
	return ok && a.CanEditPost(p.Author.ID)
}

// CreatePost writes a new post for the caller (or, for editors, for
// in.AuthorID), creating unknown tags, and appends post.created (and
// post.published when it goes live) in the same transaction.
func (s *Service) CreatePost(ctx context.Context, in content.PostInput) (content.Post, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return content.Post{}, err
	}
	if err := in.Validate(true); err != nil {
		return content.Post{}, err
	}
	for attempt := 1; ; attempt++ {
		p, err := s.createPost(ctx, a, in)
		// Two writers can derive the same slug at once (on PostgreSQL, where
		// they run in parallel); the loser derives the next free one.
		if err == nil || in.Slug != nil || attempt == 3 || !errors.Is(err, content.ErrConflict) {
			return p, err
		}
	}
}

func (s *Service) createPost(ctx context.Context, a content.Actor, in content.PostInput) (content.Post, error) {
	now := s.Now()
	p := content.Post{ID: content.NewID(), Version: 1, CreatedAt: now, UpdatedAt: now,
		Status: content.StatusDraft, Author: content.AuthorRef{ID: a.UserID}}
	if err := s.applyPostInput(&p, in, now); err != nil {
		return content.Post{}, err
	}
	err := s.inTx(ctx, func(tx *store.Store) error {
		if err := s.setAuthor(ctx, tx, a, &p, in.AuthorID); err != nil {
			return err
		}
		if err := s.prepareSlugAndTags(ctx, tx, &p, in); err != nil {
			return err
		}
		var err error
		if p, err = tx.CreatePost(ctx, p); err != nil {
			return err
		}
		return s.postEvents(ctx, tx, content.EventPostCreated, content.Post{}, p)
	})
	if err != nil {
		return content.Post{}, fmt.Errorf("create post: %w", err)
	}
	return p, nil
}

// UpdatePost applies a merge patch to a post the caller may edit. When
// ifVersion is not zero the post must still be at that version, or the
// result is ErrPreconditionFailed and nothing changes.
func (s *Service) UpdatePost(ctx context.Context, idOrSlug string, in content.PostInput, ifVersion int) (content.Post, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return content.Post{}, err
	}
	if err := in.Validate(false); err != nil {
		return content.Post{}, err
	}
	var p content.Post
	err = s.inTx(ctx, func(tx *store.Store) error {
		old, err := s.editablePost(ctx, tx, a, idOrSlug, ifVersion)
		if err != nil {
			return err
		}
		p = old
		now := s.Now()
		if err := s.applyPostInput(&p, in, now); err != nil {
			return err
		}
		if err := s.setAuthor(ctx, tx, a, &p, in.AuthorID); err != nil {
			return err
		}
		if err := s.prepareSlugAndTags(ctx, tx, &p, in); err != nil {
			return err
		}
		p.Version, p.UpdatedAt = old.Version+1, now
		if p, err = tx.UpdatePost(ctx, p); err != nil {
			return err
		}
		if old.Slug != p.Slug {
			if err := tx.RememberSlug(ctx, old.Slug, p.ID, now); err != nil {
				return err
			}
		}
		return s.postEvents(ctx, tx, content.EventPostUpdated, old, p)
	})
	if err != nil {
		return content.Post{}, fmt.Errorf("update post %s: %w", idOrSlug, err)
	}
	return p, nil
}

// DeletePost removes a post the caller may edit and appends post.deleted.
func (s *Service) DeletePost(ctx context.Context, idOrSlug string, ifVersion int) error {
	a, err := requireActor(ctx)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *store.Store) error {
		p, err := s.editablePost(ctx, tx, a, idOrSlug, ifVersion)
		if err != nil {
			return err
		}
		if err := tx.DeletePost(ctx, p.ID); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, content.EventPostDeleted, "post", p.ID, p)
	})
	if err != nil {
		return fmt.Errorf("delete post %s: %w", idOrSlug, err)
	}
	return nil
}

// editablePost loads a post for a change by a: a post a cannot see is
// ErrNotFound, one a can see but not edit is ErrForbidden.
func (s *Service) editablePost(ctx context.Context, tx *store.Store, a content.Actor, idOrSlug string, ifVersion int) (content.Post, error) {
	p, err := s.lookupPost(ctx, tx, idOrSlug)
	if err != nil {
		return content.Post{}, err
	}
	if !a.CanEditPost(p.Author.ID) {
		if !p.VisibleAt(s.Now()) {
			return content.Post{}, fmt.Errorf("post %s: %w", idOrSlug, content.ErrNotFound)
		}
		return content.Post{}, fmt.Errorf("post of another author: %w", content.ErrForbidden)
	}
	if err := checkIfMatch("post", p.Version, ifVersion); err != nil {
		return content.Post{}, err
	}
	return p, nil
}

// postEvents appends the event of a change, plus post.published or
// post.unpublished when the stored status flipped.
// Both carry the post's state, encoded once, and go in one statement (on
// PostgreSQL, under one take of the event log's lock, which is held to
// commit).
func (s *Service) postEvents(ctx context.Context, tx *store.Store, typ string, old, p content.Post) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", typ, err)
	}
	types := []string{typ}
	switch {
	case p.Status == content.StatusPublished && old.Status != content.StatusPublished:
		types = append(types, content.EventPostPublished)
	case p.Status == content.StatusDraft && old.Status == content.StatusPublished:
		types = append(types, content.EventPostUnpublished)
	}
	return s.appendEncodedEvent(ctx, tx, "post", p.ID, raw, types...)
}
