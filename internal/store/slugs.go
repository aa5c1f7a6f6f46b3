package store

import (
	"context"
	"time"
)

type postSlugRow struct {
	Slug      string
	PostID    string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (postSlugRow) TableName() string { return "post_slugs" }

// RememberSlug records that slug used to name post id, so old links can be
// redirected. A slug that is taken again later stops redirecting.
func (s *Store) RememberSlug(ctx context.Context, slug, postID string, now time.Time) error {
	if err := s.ForgetSlug(ctx, slug); err != nil {
		return err
	}
	row := postSlugRow{Slug: slug, PostID: postID, CreatedAt: now.UTC()}
	return translate(s.write(ctx).Create(&row).Error, "remember slug")
}

// ForgetSlug drops slug from the history: a current slug always wins over an old one.
func (s *Store) ForgetSlug(ctx context.Context, slug string) error {
	return translate(s.write(ctx).Where("slug = ?", slug).Delete(&postSlugRow{}).Error, "forget slug")
}

// PostIDForOldSlug returns the post an old slug belonged to.
func (s *Store) PostIDForOldSlug(ctx context.Context, slug string) (string, error) {
	var row postSlugRow
	err := s.read(ctx).Where("slug = ?", slug).Take(&row).Error
	return row.PostID, translate(err, "old slug "+slug)
}
