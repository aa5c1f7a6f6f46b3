package store

import (
	"context"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// RelatedPosts returns up to limit posts published by now that share tags
// with post id: most shared tags first, then newest.
func (s *Store) RelatedPosts(ctx context.Context, id string, now time.Time, limit int) ([]content.Post, error) {
	// The links carry their posts' publish times, so the candidates are
	// ranked without reading a post; GetPostsByIDs reads the page's.
	var ids []string
	err := s.read(ctx).Table("post_tags AS pt").
		Select("pt.post_id").
		Where("pt.tag_id IN (SELECT tag_id FROM post_tags WHERE post_id = ?)", id).
		Where("pt.post_id <> ? AND pt.published_at <= ?", id, now.UTC()).
		Group("pt.post_id, pt.published_at").
		Order("COUNT(*) DESC, pt.published_at DESC, pt.post_id DESC").
		Limit(limit).Pluck("pt.post_id", &ids).Error
	if err != nil {
		return nil, translate(err, "related posts")
	}
	return s.GetPostsByIDs(ctx, ids, now)
}

// Archive counts the posts published by now per year and month, newest first.
func (s *Store) Archive(ctx context.Context, now time.Time) ([]content.ArchiveMonth, error) {
	year, month := "CAST(substr(published_at, 1, 4) AS INTEGER)", "CAST(substr(published_at, 6, 2) AS INTEGER)"
	if s.dialect == DialectPostgres {
		year = "CAST(EXTRACT(YEAR FROM published_at AT TIME ZONE 'UTC') AS INTEGER)"
		month = "CAST(EXTRACT(MONTH FROM published_at AT TIME ZONE 'UTC') AS INTEGER)"
	}
	var rows []struct {
		Year  int
		Month int
		Count int
	}
	err := s.read(ctx).Table("posts").Select(year+" AS year, "+month+" AS month, COUNT(*) AS count").
		Where("status = 'published' AND published_at <= ?", now.UTC()).
		Group("1, 2").Order("1 DESC, 2 DESC").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "archive")
	}
	out := make([]content.ArchiveMonth, len(rows))
	for i, r := range rows {
		out[i] = content.ArchiveMonth{Year: r.Year, Month: r.Month, Count: r.Count}
	}
	return out, nil
}
