package store

import (
	"context"

	"github.com/mattn/go-sqlite3"

	"github.com/folio-cms/folio/internal/content"
)

// ListPostCardsBuilt is ListPostCards with the statement always built
// through GORM, never the fixed front-page statement.
func (s *Store) ListPostCardsBuilt(ctx context.Context, f content.PostFilter, format string) ([]PostCard, error) {
	return s.listPostCards(ctx, f, format, false)
}

// SetSearchWindow sets how many of the newest matches a relevance search
// ranks.
func (s *Store) SetSearchWindow(n int) { s.searchWindow = n }

// Vacuum runs VACUUM on a SQLite store's file.
func (s *Store) Vacuum(ctx context.Context) error { return s.write(ctx).Exec("VACUUM").Error }

// ExecSQL runs one statement on the writer, as an operator's SQL would.
func (s *Store) ExecSQL(ctx context.Context, sql string, args ...any) error {
	return s.write(ctx).Exec(sql, args...).Error
}

// CountSQL runs a statement that selects one integer.
func (s *Store) CountSQL(ctx context.Context, sql string, args ...any) (int64, error) {
	var n int64
	err := s.read(ctx).Raw(sql, args...).Row().Scan(&n)
	return n, err
}

// QPSGOn reports whether a SQLite connection has the query planner
// stability guarantee on.
func QPSGOn(c *sqlite3.SQLiteConn) (bool, error) { return qpsgOn(c) }

// PostPageSQL is the statement of GetPostPage by slug.
func (s *Store) PostPageSQL() string { return s.postPageSQL(false) }

// SearchRankedInIndex runs the first step of a broad relevance search on
// SQLite, ranking in the full-text index alone, and returns its first
// page (nil when it was not exact) and whether it was exact.
func (s *Store) SearchRankedInIndex(ctx context.Context, f content.PostFilter) ([]content.Post, bool, error) {
	match, _, err := s.ftsMatch(ctx, content.SearchTerms(f.Query))
	if err != nil {
		return nil, false, err
	}
	rows, _, exact, err := s.rankInIndex(ctx, f, match, rankStart)
	posts := make([]content.Post, len(rows))
	for i, r := range rows {
		posts[i] = r.post()
	}
	return posts, exact, err
}
