package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/folio-cms/folio/internal/content"
)

type tagRow struct {
	ID          string
	Slug        string
	Name        string
	Description string
	Version     int
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
	PostCount   int       `gorm:"->"`
}

func (tagRow) TableName() string { return "tags" }

func (r tagRow) tag() content.Tag {
	return content.Tag{ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description,
		PostCount: r.PostCount, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// tagCountExpr counts a tag's posts published by now: a range of the
// index of its links by publish time (a draft's links have none), without
// reading the posts.
const tagCountExpr = "(SELECT COUNT(*) FROM post_tags pt WHERE pt.tag_id = tags.id AND pt.published_at <= ?)"

// ListTags returns tags in sort order with counts of posts published by now,
// after the offset given by the keyset (name or count and id).
func (s *Store) ListTags(ctx context.Context, sort content.TagSort, now time.Time, limit int, after *content.Keyset) ([]content.Tag, error) {
	q := s.read(ctx).Table("tags").Select("tags.*, "+tagCountExpr+" AS post_count", now.UTC())
	if sort == content.TagSortPostCount {
		q = s.read(ctx).Table("(?) AS tags", q).Order("post_count DESC, id ASC")
		if after != nil {
			q = q.Where("(post_count < ? OR (post_count = ? AND id > ?))", int(after.Float), int(after.Float), after.ID)
		}
	} else {
		q = q.Order("tags.slug ASC, tags.id ASC")
		if after != nil {
			q = q.Where("(tags.slug, tags.id) > (?, ?)", after.Text, after.ID)
		}
	}
	var rows []tagRow
	if err := q.Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list tags")
	}
	out := make([]content.Tag, len(rows))
	for i, r := range rows {
		out[i] = r.tag()
	}
	return out, nil
}

// GetTagBySlug returns one tag with its count of posts published by now.
func (s *Store) GetTagBySlug(ctx context.Context, slug string, now time.Time) (content.Tag, error) {
	var row tagRow
	err := s.read(ctx).Table("tags").Select("tags.*, "+tagCountExpr+" AS post_count", now.UTC()).
		Where("tags.slug = ?", slug).Take(&row).Error
	if err != nil {
		return content.Tag{}, translate(err, "get tag "+slug)
	}
	return row.tag(), nil
}

// FindTags returns the existing tags whose slug is one of slugs.
func (s *Store) FindTags(ctx context.Context, slugs []string) ([]content.Tag, error) {
	var rows []tagRow
	if err := s.write(ctx).Where("slug IN ?", slugs).Find(&rows).Error; err != nil {
		return nil, translate(err, "find tags")
	}
	out := make([]content.Tag, len(rows))
	for i, r := range rows {
		out[i] = r.tag()
	}
	return out, nil
}

// EnsureTag inserts t unless a tag with its slug exists, and returns the
// stored tag and whether it was created. Concurrent writers naming the same
// new tag both succeed: one creates it, the other finds it.
func (s *Store) EnsureTag(ctx context.Context, t content.Tag) (content.Tag, bool, error) {
	row := tagRow{ID: t.ID, Slug: t.Slug, Name: t.Name, Description: t.Description,
		Version: t.Version, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC()}
	res := s.write(ctx).Omit("PostCount").Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "slug"}}, DoNothing: true}).Create(&row)
	if res.Error != nil {
		return t, false, translate(res.Error, "ensure tag "+t.Slug)
	}
	if res.RowsAffected == 1 {
		return t, true, nil
	}
	found, err := s.FindTags(ctx, []string{t.Slug})
	if err != nil || len(found) == 0 {
		return t, false, fmt.Errorf("ensure tag %s: %w", t.Slug, errors.Join(err, content.ErrConflict))
	}
	return found[0], false, nil
}

// CreateTag inserts t; a taken slug is ErrConflict.
func (s *Store) CreateTag(ctx context.Context, t content.Tag) error {
	row := tagRow{ID: t.ID, Slug: t.Slug, Name: t.Name, Description: t.Description,
		Version: t.Version, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC()}
	return translate(s.write(ctx).Omit("PostCount").Create(&row).Error, "create tag "+t.Slug)
}

// UpdateTag stores t if the stored version is still t.Version-1.
func (s *Store) UpdateTag(ctx context.Context, t content.Tag) error {
	res := s.write(ctx).Model(&tagRow{}).Where("id = ? AND version = ?", t.ID, t.Version-1).
		Updates(map[string]any{"slug": t.Slug, "name": t.Name, "description": t.Description,
			"version": t.Version, "updated_at": t.UpdatedAt.UTC()})
	if res.Error != nil {
		return translate(res.Error, "update tag "+t.Slug)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("update tag %s: %w", t.ID, content.ErrPreconditionFailed)
	}
	return nil
}

// DeleteTag removes the tag with id; posts lose it.
func (s *Store) DeleteTag(ctx context.Context, id string) error {
	res := s.write(ctx).Where("id = ?", id).Delete(&tagRow{})
	if res.Error != nil {
		return translate(res.Error, "delete tag")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete tag %s: %w", id, content.ErrNotFound)
	}
	return nil
}

// PostIDsWithTag returns the ids of posts carrying the tag, for events and cache keys.
func (s *Store) PostIDsWithTag(ctx context.Context, tagID string) ([]string, error) {
	var ids []string
	err := s.write(ctx).Table("post_tags").Where("tag_id = ?", tagID).Pluck("post_id", &ids).Error
	return ids, translate(err, "posts with tag")
}
