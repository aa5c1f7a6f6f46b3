package store

import (
	"context"
	"database/sql"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/folio-cms/folio/internal/content"
)

// ListPosts returns up to f.Limit posts matching f, after f.After in f.Sort
// order, with tags and authors loaded in one more query. Sort keys come from
// a fixed table; no client string is ever spliced into SQL.
func (s *Store) ListPosts(ctx context.Context, f content.PostFilter) ([]content.Post, error) {
	if f.Query != "" && len(content.SearchTerms(f.Query)) == 0 {
		return []content.Post{}, nil // nothing searchable matches nothing
	}
	var rows []postRow
	var err error
	switch {
	case f.Query != "" && s.dialect == DialectSQLite:
		rows, err = s.searchSQLite(ctx, f)
	case f.Query != "":
		rows, err = s.searchPostgres(ctx, f)
	default:
		rows, err = scanPosts(s.listQuery(s.read(ctx), f), f.WithBody, false)
	}
	if err != nil {
		return nil, translate(err, "list posts")
	}
	posts := make([]content.Post, len(rows))
	for i, r := range rows {
		posts[i] = r.post()
	}
	return posts, nil
}

// listQuery builds the one statement of a list page on db.
func (s *Store) listQuery(db *gorm.DB, f content.PostFilter) *gorm.DB {
	q := s.postQuery(db, f.WithBody, s.searchColumns(f)...)
	q = s.filterPosts(q, f)
	return s.applyKeyset(q, f).Limit(f.Limit)
}

// CountPosts counts the posts matching f, ignoring its cursor and limit.
func (s *Store) CountPosts(ctx context.Context, f content.PostFilter) (int, error) {
	// A cursor bounds a page's publish times and applyStatus then drops
	// its "not after now" bound (the total of a second page counted the
	// scheduled posts too). Without an order, a count reads a tag's links
	// (linkTag) or the status index (statusColumn) as the newest list does.
	f.After, f.Sort = nil, ""
	if f.Query != "" && s.dialect == DialectSQLite {
		return s.countSearch(ctx, f)
	}
	var n int64
	err := s.filterPosts(s.read(ctx).Table("posts"), f).Count(&n).Error
	return int(n), translate(err, "count posts")
}

func (s *Store) filterPosts(q *gorm.DB, f content.PostFilter) *gorm.DB {
	return s.filterPostsFrom(q, f, linkTag(f))
}

// filterPostsFrom is filterPosts reading posts from the links of tag
// (linkTag), or from posts when tag is "".
func (s *Store) filterPostsFrom(q *gorm.DB, f content.PostFilter, tag string) *gorm.DB {
	published := "posts.published_at"
	anyTags, allTags := f.Tags, f.AllTags
	if tag != "" {
		// The page walks the tag's links by publish time
		// (post_tags_tag_published), from the first one in order, and
		// reads only the posts they name; the other filters probe those.
		published = "lk.published_at"
		q = q.Joins("JOIN post_tags lk ON lk.post_id = posts.id").
			Where("lk.tag_id = (SELECT t.id FROM tags t WHERE t.slug = ?)", tag)
		if len(anyTags) == 1 {
			anyTags = nil
		} else {
			allTags = allTags[1:]
		}
	}
	q = applyStatus(q, f, s.statusColumn(f), published)
	if f.Query != "" {
		q = s.matchSearch(q, f.Query)
	}
	// A tag filter probes each candidate post's links by their key (post,
	// tag) with the tag ids looked up once. PostgreSQL otherwise joins tags
	// to every link of every candidate: 2.3 ms a tag page against 0.6 ms
	// this way (EXPLAIN ANALYZE, 10,000 posts), where ARRAY() keeps the
	// look-up a one-off InitPlan; SQLite evaluates the IN list once anyway.
	if len(anyTags) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM post_tags pt WHERE pt.post_id = posts.id AND pt.tag_id "+
			s.tagIDsOf("t.slug IN ?")+")", anyTags)
	}
	for _, slug := range allTags {
		q = q.Where("EXISTS (SELECT 1 FROM post_tags pt WHERE pt.post_id = posts.id AND pt.tag_id "+
			s.tagIDsOf("t.slug = ?")+")", slug)
	}
	if f.AuthorSlug != "" {
		q = q.Where("posts.author_id = (SELECT u.id FROM users u WHERE u.slug = ?)", f.AuthorSlug)
	}
	if f.Featured != nil {
		q = q.Where("posts.featured = ?", *f.Featured)
	}
	if f.PublishedAfter != nil {
		q = q.Where(published+" > ?", f.PublishedAfter.UTC())
	}
	if f.PublishedBefore != nil {
		q = q.Where(published+" < ?", f.PublishedBefore.UTC())
	}
	return q
}

// linkTag returns the tag whose links a public list in publish order
// reads its posts from, "" when it reads posts (newest or oldest first)
// and probes each one's links. A tag's links carry their posts' publish
// times (migration 00010), so one tag's page is a range of one index
// however rare the tag; walking posts instead read every post for an
// unknown tag. That tag is the only any-of tag or, without any-of tags,
// the first of all_tags. Drafts' links have no publish time, so lists
// that show drafts read posts.
func linkTag(f content.PostFilter) string {
	public := f.Status == "" || f.Status == content.FilterPublished
	if !public || f.Query != "" ||
		(f.Sort != "" && f.Sort != content.SortPublishedDesc && f.Sort != content.SortPublishedAsc) {
		return ""
	}
	switch {
	case len(f.Tags) == 1:
		return f.Tags[0]
	case len(f.Tags) == 0 && len(f.AllTags) > 0:
		return f.AllTags[0]
	}
	return ""
}

// tagIDsOf is the SQL that completes "pt.tag_id …" to match the ids of
// the tags that cond (over tags t) selects, computed once per statement.
func (s *Store) tagIDsOf(cond string) string {
	if s.dialect == DialectPostgres {
		return "= ANY (ARRAY(SELECT t.id FROM tags t WHERE " + cond + "))"
	}
	return "IN (SELECT t.id FROM tags t WHERE " + cond + ")"
}

// statusColumn names posts' status for a public list's condition. Ordered
// by title or by update time on SQLite, the list walks posts_title or
// posts_updated in order and stops at its page: SQLite has no statistics
// and takes "status = 'published'" for a selective equality, so it read
// every published post through posts_status_published and sorted them
// all (0.2-0.4 s a page at 100,000 posts). A unary + keeps a term off
// every index (SQLite's documented way); PostgreSQL has statistics, and no
// unary + for text.
func (s *Store) statusColumn(f content.PostFilter) string {
	if s.dialect == DialectSQLite && f.Query == "" && (f.Sort == content.SortTitle || f.Sort == content.SortUpdatedDesc) {
		return "+posts.status"
	}
	return "posts.status"
}

// applyStatus limits q to the posts f's status filter shows; status names
// posts' status in a public list's condition (statusColumn), and published
// the column of publish times that bounds it (posts' or the driving tag
// links').
func applyStatus(q *gorm.DB, f content.PostFilter, status, published string) *gorm.DB {
	now := f.Now.UTC()
	switch f.Status {
	case content.FilterDraft:
		q = q.Where("posts.status = 'draft'")
	case content.FilterScheduled:
		q = q.Where("posts.status = 'published' AND posts.published_at > ?", now)
	case content.FilterAny:
	default:
		bounded := f.After != nil && (f.Sort == "" || f.Sort == content.SortPublishedDesc) && !f.After.Time.After(now)
		if b := f.PublishedBefore; b != nil && !b.After(now) {
			bounded = true
		}
		if bounded {
			// Newest first after a cursor that is not in the future, or
			// published_before a time that is not: the cursor or the filter
			// already bounds published_at, and a second upper bound makes
			// SQLite seek on "<= now" and filter its way down to the other,
			// so deep pages would cost more than the first, and an archive
			// page of 2015 would read every index entry since (7 ms at
			// 100,000 posts for a page before them all).
			return q.Where(status + " = 'published'")
		}
		return q.Where(status+" = 'published' AND "+published+" <= ?", now)
	}
	if f.OwnerID != "" {
		q = q.Where("(posts.author_id = ? OR (posts.status = 'published' AND posts.published_at <= ?))", f.OwnerID, now)
	}
	return q
}

// sortSpec is one allowed order: the column expression, its direction, and
// which Keyset field carries its value.
type sortSpec struct {
	expr string
	args []any // of expr: the search query of the rank
	desc bool
	kind string // "time", "text" or "float"
	id   string // the tie-breaker: the post's id, where the list reads it
	// idDesc orders equal keys by id descending (newest first) whatever
	// the key's direction: relevance, best rank first, newest first.
	idDesc bool
}

func (s *Store) sortFor(f content.PostFilter) sortSpec {
	if linkTag(f) != "" { // the tag's links in publish order
		return sortSpec{expr: "lk.published_at", desc: f.Sort != content.SortPublishedAsc, kind: "time", id: "lk.post_id"}
	}
	spec := s.postsSort(f)
	spec.id = "posts.id"
	return spec
}

func (s *Store) postsSort(f content.PostFilter) sortSpec {
	published := "posts.published_at"
	if f.Status == content.FilterDraft || f.Status == content.FilterAny {
		published = "COALESCE(posts.published_at, posts.created_at)" // drafts have no publish time
	}
	switch f.Sort {
	case content.SortRelevance:
		expr, args := s.rankExpr(f)
		return sortSpec{expr: expr, args: args, kind: "float", idDesc: true}
	case content.SortPublishedAsc:
		return sortSpec{expr: published, kind: "time"}
	case content.SortUpdatedDesc:
		return sortSpec{expr: "posts.updated_at", desc: true, kind: "time"}
	case content.SortTitle:
		title := "posts.title"
		if s.dialect == DialectPostgres {
			title = `posts.title COLLATE "C"` // byte order on both dialects, so cursors agree
		}
		return sortSpec{expr: title, kind: "text"}
	default:
		return sortSpec{expr: published, desc: true, kind: "time"}
	}
}

func (s *Store) applyKeyset(q *gorm.DB, f content.PostFilter) *gorm.DB {
	spec := s.sortFor(f)
	dir, cmp := " ASC", ">"
	if spec.desc {
		dir, cmp = " DESC", "<"
	}
	idDir, idCmp := dir, cmp
	if spec.idDesc {
		idDir, idCmp = " DESC", "<"
	}
	q = q.Order(clause.OrderBy{Expression: clause.Expr{SQL: spec.expr + dir + ", " + spec.id + idDir, Vars: spec.args, WithoutParentheses: true}})
	if f.After == nil {
		return q
	}
	var v any = f.After.Time.UTC()
	switch spec.kind {
	case "text":
		v = f.After.Text
	case "float":
		v = f.After.Float
	}
	if idCmp != cmp { // the key and the id in opposite directions (relevance: computed, no index to seek)
		vars := append(append(append(append([]any{}, spec.args...), v), spec.args...), v, f.After.ID)
		return q.Where(clause.Expr{SQL: "(" + spec.expr + " " + cmp + " ? OR (" + spec.expr + " = ? AND " + spec.id + " " + idCmp + " ?))", Vars: vars})
	}
	// A row-value comparison lets both planners seek the (key, id) index.
	vars := append(append([]any{}, spec.args...), v, f.After.ID)
	return q.Where(clause.Expr{SQL: "(" + spec.expr + ", " + spec.id + ") " + cmp + " (?, ?)", Vars: vars})
}

// KeysetOf returns the cursor position of p in sort order.
func KeysetOf(p content.Post, sort content.PostSort) content.Keyset {
	k := content.Keyset{ID: p.ID}
	switch sort {
	case content.SortRelevance:
		k.Float = p.Rank
	case content.SortTitle:
		k.Text = p.Title
	case content.SortUpdatedDesc:
		k.Time = p.UpdatedAt
	default:
		if p.PublishedAt != nil {
			k.Time = *p.PublishedAt
		} else {
			k.Time = p.CreatedAt
		}
	}
	return k
}

// scanPosts runs q, which selects postQuery's columns, and scans the rows
// by position: on the list path GORM's reflection cost as much as the
// query itself.
func scanPosts(q *gorm.DB, full, search bool) ([]postRow, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []postRow
	for rows.Next() {
		var r postRow
		var tags, snippet sql.NullString
		dest := []any{&r.ID, &r.Slug, &r.Title, &r.Excerpt, &r.CustomExcerpt, &r.ReadingTimeMinutes, &r.WordCount,
			&r.Status, &r.PublishedAt, &r.Featured, &r.CoverImage, &r.MetaTitle, &r.MetaDescription, &r.CanonicalURL,
			&r.AuthorID, &r.Version, &r.CreatedAt, &r.UpdatedAt, &r.AuthorSlug, &r.AuthorName, &tags}
		if full {
			dest = append(dest, &r.BodyMarkdown, &r.BodyHTML, &r.TOC)
		}
		if search {
			dest = append(dest, &r.Rank, &snippet)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r.TagList, r.Snippet = tags.String, snippet.String
		out = append(out, r)
	}
	return out, rows.Err()
}
