package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

type listingRow struct {
	ID          string
	Slug        string
	Title       string
	Description string
	Kind        string
	PostIDs     string `gorm:"column:post_ids"`
	Rule        string
	Version     int
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

func (listingRow) TableName() string { return "listings" }

func toListingRow(l content.Listing) listingRow {
	ids, _ := json.Marshal(l.PostIDs)
	if l.PostIDs == nil {
		ids = []byte("[]")
	}
	rule, _ := json.Marshal(l.Rule)
	return listingRow{ID: l.ID, Slug: l.Slug, Title: l.Title, Description: l.Description, Kind: string(l.Kind),
		PostIDs: string(ids), Rule: string(rule), Version: l.Version, CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC()}
}

func (r listingRow) listing() content.Listing {
	l := content.Listing{ID: r.ID, Slug: r.Slug, Title: r.Title, Description: r.Description, Kind: content.ListingKind(r.Kind),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), PostIDs: []string{}}
	_ = json.Unmarshal([]byte(r.PostIDs), &l.PostIDs) // written by toListingRow
	_ = json.Unmarshal([]byte(r.Rule), &l.Rule)
	return l
}

// CreateListing inserts l; a taken slug is ErrConflict.
func (s *Store) CreateListing(ctx context.Context, l content.Listing) error {
	row := toListingRow(l)
	return translate(s.write(ctx).Create(&row).Error, "create listing")
}

// UpdateListing stores l if the stored version is still l.Version-1.
func (s *Store) UpdateListing(ctx context.Context, l content.Listing) error {
	row := toListingRow(l)
	res := s.write(ctx).Model(&listingRow{}).Where("id = ? AND version = ?", l.ID, l.Version-1).
		Select("*").Omit("ID", "CreatedAt").Updates(&row)
	if res.Error != nil {
		return translate(res.Error, "update listing")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("update listing %s: %w", l.ID, content.ErrPreconditionFailed)
	}
	return nil
}

// DeleteListing removes the listing with id.
func (s *Store) DeleteListing(ctx context.Context, id string) error {
	res := s.write(ctx).Where("id = ?", id).Delete(&listingRow{})
	if res.Error != nil {
		return translate(res.Error, "delete listing")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete listing %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// GetListingBySlug returns one listing.
func (s *Store) GetListingBySlug(ctx context.Context, slug string) (content.Listing, error) {
	var row listingRow
	err := s.read(ctx).Where("slug = ?", slug).Take(&row).Error
	return row.listing(), translate(err, "get listing "+slug)
}

// ListListings returns listings by slug after afterSlug.
func (s *Store) ListListings(ctx context.Context, limit int, afterSlug string) ([]content.Listing, error) {
	var rows []listingRow
	q := s.read(ctx).Order("slug ASC").Limit(limit)
	if afterSlug != "" {
		q = q.Where("slug > ?", afterSlug)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "list listings")
	}
	out := make([]content.Listing, len(rows))
	for i, r := range rows {
		out[i] = r.listing()
	}
	return out, nil
}

// GetPostsByIDs returns the posts with the given ids that are published by
// now, in the order of ids.
func (s *Store) GetPostsByIDs(ctx context.Context, ids []string, now time.Time) ([]content.Post, error) {
	if len(ids) == 0 {
		return []content.Post{}, nil
	}
	rows, err := scanPosts(s.postQuery(s.read(ctx), false).Where("posts.id IN ?", ids).
		Where("posts.status = 'published' AND posts.published_at <= ?", now.UTC()), false, false)
	if err != nil {
		return nil, translate(err, "get posts by id")
	}
	byID := make(map[string]content.Post, len(rows))
	for _, r := range rows {
		byID[r.ID] = r.post()
	}
	out := make([]content.Post, 0, len(rows))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}
