package service

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// ListingList is one page of listings.
type ListingList struct {
	Listings   []content.Listing
	NextCursor string
}

// ListListings returns listings by slug.
func (s *Service) ListListings(ctx context.Context, page content.Page) (ListingList, error) {
	after, err := s.decodeCursor("listings", page.Cursor)
	if err != nil {
		return ListingList{}, err
	}
	afterSlug := ""
	if after != nil {
		afterSlug = after.Text
	}
	ls, err := s.store.ListListings(ctx, page.Limit+1, afterSlug)
	if err != nil {
		return ListingList{}, fmt.Errorf("list listings: %w", err)
	}
	var out ListingList
	out.Listings, out.NextCursor = pageOf(s, "listings", ls, page.Limit, func(l content.Listing) content.Keyset {
		return content.Keyset{ID: l.ID, Text: l.Slug}
	})
	return out, nil
}

// ListingPage is a listing with one page of its posts.
type ListingPage struct {
	Listing content.Listing
	Posts   PostList
	Limit   int
}

// GetListing returns a listing and a page of its published posts: the
// manual order of its ids, or its rule resolved now.
func (s *Service) GetListing(ctx context.Context, slug string, page content.Page) (ListingPage, error) {
	if !content.IsSlug(slug) {
		return ListingPage{}, content.BadParam("slug", "must be a listing slug")
	}
	l, err := s.store.GetListingBySlug(ctx, slug)
	if err != nil {
		return ListingPage{}, err
	}
	if l.Kind == content.ListingByRule {
		r := l.Rule
		limit := page.Limit
		if page.Cursor == "" && r.Limit > 0 && page.Limit == DefaultLimit {
			limit = r.Limit // the rule's own page size, unless the caller asked for one
		}
		f := content.PostFilter{Tags: r.Tags, AuthorSlug: r.Author, Featured: r.Featured, Sort: r.Sort, Limit: limit}
		posts, err := s.ListPosts(content.WithActor(ctx, content.Actor{}), f, page.Cursor, false)
		return ListingPage{Listing: l, Posts: posts, Limit: limit}, err
	}
	posts, err := s.manualPage(ctx, l, page)
	return ListingPage{Listing: l, Posts: posts, Limit: page.Limit}, err
}

// manualPage pages through a manual listing's visible posts in their order;
// the cursor holds the position in the list.
func (s *Service) manualPage(ctx context.Context, l content.Listing, page content.Page) (PostList, error) {
	list := "listing|" + l.ID + "|" + fmt.Sprint(l.Version)
	after, err := s.decodeCursor(list, page.Cursor)
	if err != nil {
		return PostList{}, err
	}
	start := 0
	if after != nil {
		start = int(after.Float)
	}
	posts, err := s.store.GetPostsByIDs(ctx, l.PostIDs[min(start, len(l.PostIDs)):], s.Now())
	if err != nil {
		return PostList{}, err
	}
	out := PostList{Posts: posts}
	if len(posts) > page.Limit {
		out.Posts = posts[:page.Limit]
		last := out.Posts[page.Limit-1]
		pos := start + indexOf(l.PostIDs[start:], last.ID) + 1
		out.NextCursor = s.encodeCursor(list, content.Keyset{ID: last.ID, Float: float64(pos)})
	}
	return out, nil
}

func indexOf(ids []string, id string) int {
	for i, v := range ids {
		if v == id {
			return i
		}
	}
	return len(ids)
}

// CreateListing adds a listing (editors and admins).
func (s *Service) CreateListing(ctx context.Context, in content.ListingInput) (content.Listing, error) {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return content.Listing{}, err
	}
	if err := in.Validate(true); err != nil {
		return content.Listing{}, err
	}
	now := s.Now()
	l := content.Listing{ID: content.NewID(), Version: 1, CreatedAt: now, UpdatedAt: now, PostIDs: []string{}}
	applyListingInput(&l, in)
	err := s.inTx(ctx, func(tx *store.Store) error {
		if err := s.checkListingPosts(ctx, tx, l); err != nil {
			return err
		}
		if err := tx.CreateListing(ctx, l); err != nil {
			return listingConflict(err, l.Slug)
		}
		return s.appendEvent(ctx, tx, content.EventListingCreated, "listing", l.ID, l)
	})
	if err != nil {
		return content.Listing{}, fmt.Errorf("create listing: %w", err)
	}
	return l, nil
}

// UpdateListing changes a listing (editors and admins); ifVersion as in UpdatePost.
func (s *Service) UpdateListing(ctx context.Context, slug string, in content.ListingInput, ifVersion int) (content.Listing, error) {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return content.Listing{}, err
	}
	if err := in.Validate(false); err != nil {
		return content.Listing{}, err
	}
	var l content.Listing
	err := s.inTx(ctx, func(tx *store.Store) error {
		var err error
		if l, err = s.versionedListing(ctx, tx, slug, ifVersion); err != nil {
			return err
		}
		applyListingInput(&l, in)
		l.Version++
		l.UpdatedAt = s.Now()
		if err := s.checkListingPosts(ctx, tx, l); err != nil {
			return err
		}
		if err := tx.UpdateListing(ctx, l); err != nil {
			return listingConflict(err, l.Slug)
		}
		return s.appendEvent(ctx, tx, content.EventListingUpdated, "listing", l.ID, l)
	})
	if err != nil {
		return content.Listing{}, fmt.Errorf("update listing %s: %w", slug, err)
	}
	return l, nil
}

// DeleteListing removes a listing (editors and admins).
func (s *Service) DeleteListing(ctx context.Context, slug string, ifVersion int) error {
	if _, err := requireRole(ctx, content.RoleEditor); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *store.Store) error {
		l, err := s.versionedListing(ctx, tx, slug, ifVersion)
		if err != nil {
			return err
		}
		if err := tx.DeleteListing(ctx, l.ID); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, content.EventListingDeleted, "listing", l.ID, l)
	})
	if err != nil {
		return fmt.Errorf("delete listing %s: %w", slug, err)
	}
	return nil
}

func (s *Service) versionedListing(ctx context.Context, tx *store.Store, slug string, ifVersion int) (content.Listing, error) {
	if !content.IsSlug(slug) {
		return content.Listing{}, content.BadParam("slug", "must be a listing slug")
	}
	l, err := tx.GetListingBySlug(ctx, slug)
	if err != nil {
		return l, err
	}
	if err := checkIfMatch("listing", l.Version, ifVersion); err != nil {
		return l, err
	}
	return l, nil
}

func applyListingInput(l *content.Listing, in content.ListingInput) {
	setIf(&l.Slug, in.Slug)
	setIf(&l.Title, in.Title)
	setIf(&l.Description, in.Description)
	setIf(&l.Kind, in.Kind)
	setIf(&l.PostIDs, in.PostIDs)
	setIf(&l.Rule, in.Rule)
	l.Title = strings.TrimSpace(l.Title)
}

// checkListingPosts refuses a manual listing that names posts that do not exist.
func (s *Service) checkListingPosts(ctx context.Context, tx *store.Store, l content.Listing) error {
	if l.Kind != content.ListingManual {
		return nil
	}
	for _, id := range l.PostIDs {
		if _, err := tx.GetPost(ctx, id); errors.Is(err, content.ErrNotFound) {
			return content.Invalid("post_ids", "no post has id %s", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}

func listingConflict(err error, slug string) error {
	if errors.Is(err, content.ErrConflict) {
		return content.Public(err, "listing slug %q is taken", slug)
	}
	return err
}
