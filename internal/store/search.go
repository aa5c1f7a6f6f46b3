package store

import (
	"strings"

	"gorm.io/gorm"

	"github.com/folio-cms/folio/internal/content"
)

// ftsQuery turns search terms into an FTS5 query: every term quoted (so no
// operator can be smuggled in), all required, the last one as a prefix.
func ftsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	if len(parts) > 0 {
		parts[len(parts)-1] += "*"
	}
	return strings.Join(parts, " ")
}

// tsQuery is the PostgreSQL equivalent: terms joined with &, the last one a
// prefix. Terms hold only letters and digits, so they need no quoting.
func tsQuery(terms []string) string {
	if len(terms) == 0 {
		return ""
	}
	return strings.Join(terms, " & ") + ":*"
}

// matchSearch limits q to posts matching the query. A query with no words
// matches nothing rather than everything.
func (s *Store) matchSearch(q *gorm.DB, query string) *gorm.DB {
	terms := content.SearchTerms(query)
	if len(terms) == 0 {
		return q.Where("1 = 0")
	}
	if s.dialect == DialectPostgres {
		return q.Where("posts.search @@ to_tsquery('simple', ?)", tsQuery(terms))
	}
	return q.Where("posts_fts MATCH ?", ftsQuery(terms))
}

// rankExpr is the relevance of a row to f.Query, lower is better, with its
// arguments; it needs the same joins as searchColumns.
func (s *Store) rankExpr(f content.PostFilter) (string, []any) {
	if s.dialect == DialectPostgres {
		return "-ts_rank_cd(posts.search, to_tsquery('simple', ?), 1)::float8", []any{tsQuery(content.SearchTerms(f.Query))}
	}
	return "bm25(posts_fts, 10.0, 4.0, 1.0)", nil
}

// searchColumns returns the rank and snippet select expressions (and their
// arguments) of a search, for postQuery; nothing without a query. On SQLite
// they need the posts_fts join that ListPosts adds.
func (s *Store) searchColumns(f content.PostFilter) []any {
	terms := content.SearchTerms(f.Query)
	if f.Query == "" || len(terms) == 0 {
		return nil
	}
	rank, args := s.rankExpr(f)
	if s.dialect == DialectPostgres {
		return append([]any{rank + " AS rank, " +
			"ts_headline('simple', posts.title || ' — ' || posts.excerpt || ' — ' || posts.body_markdown, to_tsquery('simple', ?), " +
			"'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=12, MaxFragments=1') AS snippet"},
			append(args, tsQuery(terms))...)
	}
	return []any{rank + " AS rank, snippet(posts_fts, -1, char(1), char(2), '…', 24) AS snippet"}
}
