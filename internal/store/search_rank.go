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

// The relevance order of a SQLite search: how the window of the newest
// matches is ranked, in the full-text index alone when the filters allow,
// and how a cursor continues it (searchRanked puts the pieces together).

// bm25Rank is the rank of a SQLite match, lower is better.
const bm25Rank = "bm25(posts_fts, 10.0, 4.0, 1.0)"

// rankedPage is the page of the ranked tier of f after at, from the
// matches at or above floor, each joined to its post and filtered.
func (s *Store) rankedPage(db *gorm.DB, f content.PostFilter, match string, floor int64, at rankAt) *gorm.DB {
	return s.searchPage(db, f, match, bm25Rank, nil).Where("posts_fts.rowid >= ?", floor).
		Where(rankAfter("k", "r"), at.args()...).Order(rankOrder("k", "r")).Limit(f.Limit)
}

// rankOrder is the relevance order over the rank k and the rowid r: best
// rank first, equal ranks newest (the largest rowid) first. The tie-break
// is in the full-text index, so that rankInIndex can order a page without
// reading posts; PostgreSQL's is the id, which is time-ordered.
func rankOrder(k, r string) clause.OrderBy {
	return clause.OrderBy{Expression: clause.Expr{SQL: rankOrderSQL(k, r), WithoutParentheses: true}}
}

func rankOrderSQL(k, r string) string { return k + ", " + r + " DESC" }

// rankAfter is the condition that the rank k and rowid r come after a
// position in rankOrder; its arguments are rankAt.args.
func rankAfter(k, r string) string { return "(" + k + " > ? OR (" + k + " = ? AND " + r + " < ?))" }

// rankAt is the position of a relevance cursor on SQLite: its rank and
// its post's rowid. The first page starts before every rank.
type rankAt struct {
	k float64
	r int64
}

// rankStart is the position before every rank.
var rankStart = rankAt{k: -math.MaxFloat64, r: math.MaxInt64}

// args are the arguments of rankAfter at this position.
func (at rankAt) args() []any { return []any{at.k, at.k, at.r} }

// rankCursor returns the position of the ranked-tier cursor after, whose
// post is named by its id: the rowid is looked up. A cursor whose post is
// gone continues after every match of its rank.
func (s *Store) rankCursor(ctx context.Context, after *content.Keyset) (rankAt, error) {
	if after == nil {
		return rankStart, nil
	}
	at := rankAt{k: after.Float}
	err := s.read(ctx).Raw("SELECT rowid FROM posts WHERE id = ?", after.ID).Row().Scan(&at.r)
	if errors.Is(err, sql.ErrNoRows) {
		return at, nil
	}
	return at, translate(err, "search cursor")
}

// broadSearch reports whether f filters its matches by status alone, so
// that nearly every match in the full-text index is one of its posts.
func broadSearch(f content.PostFilter) bool {
	return len(f.Tags) == 0 && len(f.AllTags) == 0 && f.AuthorSlug == "" && f.Featured == nil &&
		f.PublishedAfter == nil && f.PublishedBefore == nil &&
		(f.Status == "" || f.Status == content.FilterPublished || f.Status == content.FilterAny)
}

// rankInIndex ranks the window in the full-text index alone and reads
// posts only for the best of it. Joining every match of the window to its
// post to filter it costs the reads of up to 1,000 post rows, at 100,000
// posts mostly outside the connection's page cache (docs/benchmarks.md,
// eleventh session). The index holds every post, and in a broad search
// almost every candidate passes f's filters.
//
// It returns the page of the ranked tier after at, the window's floor (the
// rowid of its oldest match, 0 when every match fits) and exact when out
// is the page the joined statement would return: full (every match left
// out ranks after every candidate), or from every match of the window
// after at. Otherwise the caller ranks with the join.
func (s *Store) rankInIndex(ctx context.Context, f content.PostFilter, match string, at rankAt) (out []postRow, floor int64, exact bool, err error) {
	want := 2*f.Limit + 16 // drafts and scheduled posts are few in a broad search
	// The window functions see the whole window before the cursor's WHERE,
	// so fl and n are the window's on every page of the ranked tier.
	rows, err := s.read(ctx).Raw("SELECT r, k, fl, n FROM (SELECT r, k, min(r) OVER () AS fl, count(*) OVER () AS n FROM "+
		"(SELECT rowid AS r, "+bm25Rank+" AS k FROM posts_fts WHERE posts_fts MATCH ? ORDER BY rowid DESC LIMIT ?)) "+
		"WHERE "+rankAfter("k", "r")+" ORDER BY "+rankOrderSQL("k", "r")+" LIMIT ?",
		append(append([]any{match, s.searchWindow}, at.args()...), want)...).Rows()
	if err != nil {
		return nil, 0, false, translate(err, "search window")
	}
	defer rows.Close()
	var args []any // rowid, rank, rowid, rank, ...
	var count int64
	for rows.Next() {
		var r int64
		var k float64
		if err := rows.Scan(&r, &k, &floor, &count); err != nil {
			return nil, 0, false, translate(err, "search window")
		}
		args = append(args, r, k)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, false, translate(err, "search window")
	}
	rows.Close()
	if len(args) == 0 { // nothing ranks after the cursor, and the floor is still needed for the older tier
		floor, err = s.searchFloor(ctx, match)
		return nil, floor, err == nil, err
	}
	if count < int64(s.searchWindow) {
		floor = 0
	}
	candidates := len(args) / 2
	g := f
	g.Query = ""
	values, args := candidateValues(args)
	page := s.filterPostsFrom(s.read(ctx).Table("(VALUES "+values+") AS c CROSS JOIN posts ON posts.rowid = c.column1", args...), g, "").
		Select("posts.rowid AS r, posts.id AS pid, c.column2 AS k").Order(rankOrder("c.column2", "c.column1")).Limit(f.Limit)
	if out, err = scanPosts(s.searchQuery(s.read(ctx), f, page, "s.k", rankOrder("s.k", "s.r")), f.WithBody, true); err != nil {
		return nil, 0, false, err
	}
	if exact = candidates < want || len(out) == f.Limit; !exact {
		out = nil
	}
	return out, floor, exact, nil
}

// candidateValues is the VALUES list of rankInIndex's (rowid, rank) pairs
// in args, with its arguments: padded with rowid 0, which no post has, to
// a power of two of at least 64 rows, so that the statement's text, and
// with it SQLite's prepared statement, repeats.
func candidateValues(args []any) (string, []any) {
	size := 64
	for size < len(args)/2 {
		size *= 2
	}
	for len(args) < 2*size {
		args = append(args, 0, nil)
	}
	return strings.TrimSuffix(strings.Repeat("(?, ?), ", size), ", "), args
}
