package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/folio-cms/folio/internal/content"
)

// ftsQuery turns search terms into an FTS5 query: every term quoted (so no
// operator can be smuggled in), all required, the last one as a prefix
// when it is long enough (content.IsPrefixTerm).
func ftsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = quoteFTS(t)
	}
	if n := len(parts); n > 0 && content.IsPrefixTerm(terms[n-1]) {
		parts[n-1] += "*"
	}
	return strings.Join(parts, " ")
}

// tsQuery is the PostgreSQL equivalent: terms joined with &, the last one a
// prefix when it is long enough. Terms hold only letters and digits, so
// they need no quoting.
func tsQuery(terms []string) string {
	if len(terms) == 0 {
		return ""
	}
	q := strings.Join(terms, " & ")
	if content.IsPrefixTerm(terms[len(terms)-1]) {
		q += ":*"
	}
	return q
}

// matchSearch limits q to posts matching the query, on PostgreSQL (SQLite
// searches go through searchSQLite and countSearch). A query with no words
// matches nothing rather than everything.
func (s *Store) matchSearch(q *gorm.DB, query string) *gorm.DB {
	terms := content.SearchTerms(query)
	if len(terms) == 0 {
		return q.Where("1 = 0")
	}
	return q.Where("posts.search @@ to_tsquery('simple', ?)", tsQuery(terms))
}

// maxPrefixWords is how many indexed words a search's last word may begin
// for ftsMatch to spell them out; beyond, it asks FTS5 for the prefix.
const maxPrefixWords = 32

// ftsMatch is the FTS5 query of terms: every term quoted and required, the
// last one a prefix when content.IsPrefixTerm says so. A prefix that
// begins at most maxPrefixWords indexed words is spelled out as those
// words, OR-ed: FTS5 answers a prefix query by merging the doclists of
// every word it begins each time the query is opened (1.5 ms for a common
// word in 100,000 posts), and a search opens it two or three times (the
// window's floor, the ranked page, the older tier). ok is false when
// nothing can match.
func (s *Store) ftsMatch(ctx context.Context, terms []string) (match string, ok bool, err error) {
	if len(terms) == 0 {
		return "", false, nil
	}
	last := terms[len(terms)-1]
	if !content.IsPrefixTerm(last) || !content.IsASCII(last) { // a whole word; or the index folds non-ASCII words its own way
		return ftsQuery(terms), true, nil
	}
	var words []string
	err = s.read(ctx).Raw("SELECT term FROM posts_fts_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
		last, last+"\U0010FFFF", maxPrefixWords+1).Scan(&words).Error
	if err != nil {
		return "", false, translate(err, "search vocabulary")
	}
	switch {
	case len(words) == 0:
		return "", false, nil
	case len(words) > maxPrefixWords:
		return ftsQuery(terms), true, nil
	}
	parts := make([]string, 0, len(terms))
	for _, t := range terms[:len(terms)-1] {
		parts = append(parts, quoteFTS(t))
	}
	for i, w := range words {
		words[i] = quoteFTS(w)
	}
	parts = append(parts, "("+strings.Join(words, " OR ")+")")
	return strings.Join(parts, " AND "), true, nil
}

func quoteFTS(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }

// rankExpr is the relevance of a row to f.Query, lower is better, with its
// arguments; on SQLite it needs the posts_fts match of searchMatches.
func (s *Store) rankExpr(f content.PostFilter) (string, []any) {
	if s.dialect == DialectPostgres {
		return "-ts_rank_cd(posts.search, to_tsquery('simple', ?), 1)::float8", []any{tsQuery(content.SearchTerms(f.Query))}
	}
	return bm25Rank, nil
}

// searchColumns returns the rank and snippet-source select expressions
// (and their arguments) of a PostgreSQL search, for postQuery; nothing
// without a query, and nothing on SQLite, whose searches go through
// searchSQLite. The snippet is cut in Go from the body (cutSnippets), as
// on SQLite: ts_headline parses the whole body again for every row, about
// 0.9 ms for a 6 KB post, 19 ms for a page of 21.
func (s *Store) searchColumns(f content.PostFilter) []any {
	terms := content.SearchTerms(f.Query)
	if f.Query == "" || len(terms) == 0 || s.dialect != DialectPostgres {
		return nil
	}
	rank, args := s.rankExpr(f)
	return append([]any{rank + " AS rank, posts.body_markdown AS snippet"}, args...)
}

// DefaultSearchWindow is how many of the newest matches (by insertion
// order: rowid on SQLite, the time-ordered id on PostgreSQL) a relevance
// search ranks. Ranking costs every row it ranks: FTS5's bm25 1 to 2 µs
// each, PostgreSQL's ts_rank_cd about 70 µs each (it reads the row's
// tsvector, 13 KB for a 6 KB post, from TOAST). A common word in a large
// archive (9,000 matches in 100,000 posts) would cost 15 ms on SQLite and
// over half a second on PostgreSQL before the first row. Matches older
// than the window still come, after the ranked ones, newest first; a
// query with fewer matches is ranked exactly.
const DefaultSearchWindow = 1000

// searchSQLite runs a SQLite search list: the page is chosen by a narrow
// statement over the full-text index and the posts' filter columns, and
// only its rows are read whole, with their tags and snippet. With the
// relevance order, the newest s.searchWindow matches come first by rank
// (bm25), equal ranks newest first, then the older ones by recency; the
// rank of those is the reciprocal of their rowid, so the cursor order
// stays one number.
func (s *Store) searchSQLite(ctx context.Context, f content.PostFilter) ([]postRow, error) {
	terms := content.SearchTerms(f.Query)
	match, ok, err := s.ftsMatch(ctx, terms)
	if !ok || err != nil {
		return nil, err
	}
	rows, err := s.searchRanked(ctx, f, match)
	return cutSnippets(rows, terms), err
}

// searchRanked is searchSQLite's page for the FTS5 query match.
func (s *Store) searchRanked(ctx context.Context, f content.PostFilter, match string) ([]postRow, error) {
	if f.Sort != content.SortRelevance {
		spec := s.sortFor(f)
		page := s.searchPage(s.read(ctx), f, match, spec.expr, spec.args).Scopes(s.keyset(f))
		return scanPosts(s.searchQuery(s.read(ctx), f, page, "0.0", keyOrder(spec.desc)), f.WithBody, true) // the order's key is not the rank
	}
	var out []postRow
	var below int64 // the older tier continues below this rowid
	if after := f.After; after != nil && after.Float > 0 {
		// A cursor in the older tier continues below its own row, not
		// below the current floor: deletes in the window, or a larger
		// window, move the floor to older matches after that page was
		// read, and those were never shown.
		below = int64(math.Round(1 / after.Float))
	} else {
		at, err := s.rankCursor(ctx, f.After)
		if err != nil {
			return nil, err
		}
		var floor int64
		exact := false
		if broadSearch(f) {
			out, floor, exact, err = s.rankInIndex(ctx, f, match, at)
		} else {
			floor, err = s.searchFloor(ctx, match)
		}
		if err != nil {
			return nil, err
		}
		if !exact {
			page := s.rankedPage(s.read(ctx), f, match, floor, at)
			if out, err = scanPosts(s.searchQuery(s.read(ctx), f, page, "s.k", rankOrder("s.k", "s.r")), f.WithBody, true); err != nil {
				return nil, err
			}
		}
		if len(out) == f.Limit || floor == 0 {
			return out, nil
		}
		below = floor
	}
	g := f
	g.After, g.Limit = nil, f.Limit-len(out)
	page := s.searchPage(s.read(ctx), g, match, "1.0 / posts_fts.rowid", nil).
		Where("posts_fts.rowid < ?", below).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: "posts_fts.rowid DESC", WithoutParentheses: true}}).Limit(g.Limit)
	rest, err := scanPosts(s.searchQuery(s.read(ctx), g, page, "s.k", rankOrder("s.k", "s.r")), f.WithBody, true)
	return append(out, rest...), err
}

// searchPostgres runs a PostgreSQL search list, with snippets cut in Go
// as on SQLite.
func (s *Store) searchPostgres(ctx context.Context, f content.PostFilter) ([]postRow, error) {
	rows, err := s.rankedPostgres(ctx, f)
	return cutSnippets(rows, content.SearchTerms(f.Query)), err
}

// rankedPostgres is searchPostgres's page. With the relevance order, the
// newest s.searchWindow matches (by id, which is time-ordered) come first
// by rank (ts_rank_cd), then the older ones, newest first, each with the
// rank 1.0, so that a cursor with a positive rank continues the older
// tier below its id.
func (s *Store) rankedPostgres(ctx context.Context, f content.PostFilter) ([]postRow, error) {
	if f.Sort != content.SortRelevance {
		return scanPosts(s.listQuery(s.read(ctx), f), f.WithBody, true)
	}
	var out []postRow
	var below string // the older tier continues below this id
	if after := f.After; after != nil && after.Float > 0 {
		below = after.ID // below its own row, wherever the floor has moved since, as on SQLite
	} else {
		var floor string // the id of the oldest match in the window, "" when every match fits
		err := s.matchSearch(s.read(ctx).Table("posts"), f.Query).Select("posts.id").
			Order("posts.id DESC").Offset(s.searchWindow - 1).Limit(1).Row().Scan(&floor)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, translate(err, "search window")
		}
		q := s.listQuery(s.read(ctx), f)
		if floor != "" {
			q = q.Where("posts.id >= ?", floor)
		}
		if out, err = scanPosts(q, f.WithBody, true); err != nil || len(out) == f.Limit || floor == "" {
			return out, err
		}
		below = floor
	}
	g := f
	g.After, g.Limit = nil, f.Limit-len(out)
	q := s.filterPosts(s.postQuery(s.read(ctx), f.WithBody, "1.0::float8 AS rank, posts.body_markdown AS snippet"), g).
		Where("posts.id < ?", below)
	rest, err := scanPosts(q.Order("posts.id DESC").Limit(g.Limit), f.WithBody, true)
	return append(out, rest...), err
}

// searchFloor is the rowid of the oldest match in the ranking window, or 0
// when every match fits in it.
func (s *Store) searchFloor(ctx context.Context, match string) (int64, error) {
	var floor int64
	err := s.read(ctx).Raw("SELECT rowid FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
		match, s.searchWindow-1).Row().Scan(&floor)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return floor, translate(err, "search window")
}

// searchPage selects the rowid r, id pid and sort key k (key, with its
// args) of the matches of f, filtered; the caller orders and limits it.
func (s *Store) searchPage(db *gorm.DB, f content.PostFilter, match, key string, args []any) *gorm.DB {
	return s.searchMatches(db, f, match).Select("posts.rowid AS r, posts.id AS pid, "+key+" AS k", args...)
}

// keyOrder is the order over a searchPage of a sort other than relevance:
// its key, then the post's id, both descending or both ascending.
func keyOrder(desc bool) string {
	if desc {
		return "s.k DESC, s.pid DESC"
	}
	return "s.k, s.pid"
}

// keyset is applyKeyset (f's order and cursor) and f's limit, as a scope.
func (s *Store) keyset(f content.PostFilter) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB { return s.applyKeyset(q, f).Limit(f.Limit) }
}

// searchMatches is the posts matching f (whose query is match), filtered.
func (s *Store) searchMatches(db *gorm.DB, f content.PostFilter, match string) *gorm.DB {
	q := db.Table("posts_fts CROSS JOIN posts ON posts.rowid = posts_fts.rowid").Where("posts_fts MATCH ?", match)
	g := f
	// Matched above; and the matches lead the statement, not a tag's links.
	g.Query = ""
	return s.filterPostsFrom(q, g, "")
}

// countSearch counts the matches of a SQLite search, as searchSQLite
// finds them.
func (s *Store) countSearch(ctx context.Context, f content.PostFilter) (int, error) {
	match, ok, err := s.ftsMatch(ctx, content.SearchTerms(f.Query))
	if !ok || err != nil {
		return 0, err
	}
	var n int64
	err = s.searchMatches(s.read(ctx), f, match).Count(&n).Error
	return int(n), translate(err, "count posts")
}

// cutSnippets replaces each row's snippet source (its body) by the
// snippet of terms in its body, excerpt or title.
func cutSnippets(rows []postRow, terms []string) []postRow {
	for i := range rows {
		r := &rows[i]
		r.Snippet = content.Snippet(terms, r.Snippet, r.Excerpt, r.Title)
	}
	return rows
}

// searchQuery reads the posts of page (rowid r, id pid, sort key k) whole,
// in the page's order (over s), with rank (an expression over s) and the
// source of its snippet (cutSnippets).
func (s *Store) searchQuery(db *gorm.DB, f content.PostFilter, page *gorm.DB, rank string, order any) *gorm.DB {
	// posts.body_markdown is the snippet's source (cutSnippets).
	return s.postQueryFrom(db, "(?) AS s CROSS JOIN posts ON posts.rowid = s.r", []any{page}, f.WithBody,
		rank+" AS rank, posts.body_markdown AS snippet").Order(order)
}

// CountSearchPending counts the posts whose search index entry waits for
// IndexSearch; ok is false on PostgreSQL, which has no such queue.
func (s *Store) CountSearchPending(ctx context.Context) (n int64, ok bool, err error) {
	if s.dialect != DialectSQLite {
		return 0, false, nil
	}
	err = s.read(ctx).Table("search_pending").Count(&n).Error
	return n, true, translate(err, "count search pending")
}

// searchBatch is how many posts one transaction of IndexSearch indexes.
const searchBatch = 500

// IndexSearch brings the full-text index up to date with every post
// written since it last ran (search_pending), searchBatch posts a
// transaction, and returns how many it indexed: each post's entry is
// dropped and, unless the post is gone, indexed again from its current
// text. Indexing many posts in one transaction is what makes it cheaper
// than indexing in each write. On PostgreSQL the index is a generated
// column kept by the writing transaction, and there is nothing to do.
func (s *Store) IndexSearch(ctx context.Context) (int, error) {
	if s.dialect != DialectSQLite {
		return 0, nil
	}
	total := 0
	for {
		n, err := s.indexSearchBatch(ctx)
		total += n
		if err != nil || n < searchBatch {
			return total, translate(err, "index search")
		}
	}
}

func (s *Store) indexSearchBatch(ctx context.Context) (int, error) {
	var rowids []int64
	err := s.InTx(ctx, func(tx *Store) error {
		db := tx.write(ctx)
		if err := db.Table("search_pending").Order("post_rowid").Limit(searchBatch).Pluck("post_rowid", &rowids).Error; err != nil || len(rowids) == 0 {
			return err
		}
		for _, r := range rowids { // FTS5 drops a contentless entry by rowid, one at a time
			if err := db.Exec("DELETE FROM posts_fts WHERE rowid = ?", r).Error; err != nil {
				return err
			}
		}
		if err := db.Exec("INSERT INTO posts_fts (rowid, title, excerpt, body_markdown) "+
			"SELECT rowid, title, excerpt, body_markdown FROM posts WHERE rowid IN ?", rowids).Error; err != nil {
			return err
		}
		return db.Exec("DELETE FROM search_pending WHERE post_rowid IN ?", rowids).Error
	})
	return len(rowids), err
}
