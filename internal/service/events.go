package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// EventPage is a run of the log after a sequence number.
type EventPage struct {
	Events []content.Event
	// Next is the sequence to pass as after for the following page.
	Next int64
}

// ListEvents returns up to limit events after the sequence after, oldest
// first (editors and admins).
func (s *Service) ListEvents(ctx context.Context, after int64, limit int) (EventPage, error) {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return EventPage{}, err
	}
	if after < 0 {
		return EventPage{}, content.BadParam("after", "must be a sequence number (0 or more)")
	}
	events, err := s.store.ListEvents(ctx, after, limit)
	if err != nil {
		return EventPage{}, fmt.Errorf("list events: %w", err)
	}
	next := after
	if len(events) > 0 {
		next = events[len(events)-1].ID
	}
	return EventPage{Events: events, Next: next}, nil
}

// Revision is one version of a post as recorded in the log.
type Revision struct {
	Version    int
	EventID    int64
	Type       string
	ActorID    string
	OccurredAt time.Time
	Post       content.Post
}

// PostRevisions returns every recorded version of a post the caller may
// edit, oldest first. They are read from the event log: each create, update
// and restore event holds the post's full state.
func (s *Service) PostRevisions(ctx context.Context, idOrSlug string) ([]Revision, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.editablePost(ctx, s.store, a, idOrSlug, 0)
	if err != nil {
		return nil, err
	}
	events, err := s.store.EntityEvents(ctx, "post", p.ID)
	if err != nil {
		return nil, err
	}
	var out []Revision
	for _, e := range events {
		if e.Type != content.EventPostCreated && e.Type != content.EventPostUpdated {
			continue // published/unpublished repeat an update's state
		}
		var state content.Post
		if err := json.Unmarshal(e.Data, &state); err != nil {
			return nil, fmt.Errorf("decode revision %d: %w", e.ID, err)
		}
		out = append(out, Revision{Version: state.Version, EventID: e.ID, Type: e.Type, ActorID: e.ActorID,
			OccurredAt: e.OccurredAt, Post: state})
	}
	return out, nil
}

// PostRevision returns one version of a post.
func (s *Service) PostRevision(ctx context.Context, idOrSlug string, version int) (Revision, error) {
	revs, err := s.PostRevisions(ctx, idOrSlug)
	if err != nil {
		return Revision{}, err
	}
	for _, r := range revs {
		if r.Version == version {
			return r, nil
		}
	}
	return Revision{}, fmt.Errorf("revision %d: %w", version, content.ErrNotFound)
}

// RestorePostRevision makes the content of an old version current again as
// a new version (and a new post.updated event). Title, slug, body, excerpt,
// tags, featured flag, cover and meta fields come back; the publication
// status and author stay as they are now.
func (s *Service) RestorePostRevision(ctx context.Context, idOrSlug string, version, ifVersion int) (content.Post, error) {
	rev, err := s.PostRevision(ctx, idOrSlug, version)
	if err != nil {
		return content.Post{}, err
	}
	old := rev.Post
	excerpt := ""
	if old.CustomExcerpt {
		excerpt = old.Excerpt
	}
	tags := make([]string, len(old.Tags))
	for i, t := range old.Tags {
		tags[i] = t.Slug
	}
	in := content.PostInput{Title: &old.Title, Slug: &old.Slug, BodyMarkdown: &old.BodyMarkdown, Excerpt: &excerpt,
		Featured: &old.Featured, CoverImage: &old.CoverImage, MetaTitle: &old.MetaTitle,
		MetaDescription: &old.MetaDescription, CanonicalURL: &old.CanonicalURL, Tags: &tags}
	return s.UpdatePost(ctx, old.ID, in, ifVersion)
}
