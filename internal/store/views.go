package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/folio-cms/folio/internal/content"
)

// PostView is a post's stored public answers (the read model of
// migration 00008): its list item and its whole page, rendered by the
// service's projector after the change that made them stale.
type PostView struct {
	Card []byte // the post as a list item, JSON
	Page []byte // the post's page, the whole response body; read-only
	ETag string // of Page
	Keys string // the Surrogate-Key header of Page
}

// PostCard is one row of a list page read from the read model: the post's
// position in the list's order (its id and sort key, what a cursor holds),
// the stored card, and whether the card is current (rendered at the
// post's latest generation, in the running format).
type PostCard struct {
	Key     content.Keyset
	Card    []byte
	Current bool
}

// currentExpr is 1 when a view was rendered at its generation in format ?
// and is the view of the post it was joined to.
const currentExpr = "CASE WHEN pv.rendered_gen = pv.gen AND pv.format = ? AND pv.post_id = posts.id THEN 1 ELSE 0 END"

// viewJoin joins a post's view: on SQLite by rowid, which is the post's
// (one b-tree search; currentExpr checks the ids agree), on PostgreSQL by
// post_id.
func (s *Store) viewJoin() string {
	if s.dialect == DialectSQLite {
		return "JOIN post_views pv ON pv.rowid = posts.rowid"
	}
	return "JOIN post_views pv ON pv.post_id = posts.id"
}

// ListPostCards runs the list of f as ListPosts does (same filters, order,
// cursor and limit) but reads each post's stored card instead of its
// columns and tags. f must not search (f.Query): search results carry a
// rank and a snippet of their own.
func (s *Store) ListPostCards(ctx context.Context, f content.PostFilter, format string) ([]PostCard, error) {
	return s.listPostCards(ctx, f, format, true)
}

// listPostCards is ListPostCards; fixed false always builds the statement
// through GORM (tests compare the two).
func (s *Store) listPostCards(ctx context.Context, f content.PostFilter, format string, fixed bool) ([]PostCard, error) {
	// Only the id and the sort key are read of posts: what the next cursor
	// needs. Each time column costs the SQLite driver a parse per row.
	spec := s.sortFor(f)
	var rows *sql.Rows
	var err error
	if stmt, args, ok := s.frontPage(f, format); ok && fixed {
		rows, err = s.queryFixed(ctx, "posts", stmt, args...)
	} else {
		q := s.read(ctx).Table("posts").
			Select("posts.id, "+s.keyColumn(spec)+", pv.card, "+currentExpr, append(append([]any{}, spec.args...), format)...).
			Joins(s.viewJoin())
		rows, err = s.applyKeyset(s.filterPosts(q, f), f).Limit(f.Limit).Rows()
	}
	if err != nil {
		return nil, translate(err, "list post cards")
	}
	defer rows.Close()
	out := make([]PostCard, 0, f.Limit)
	for rows.Next() {
		var (
			c       PostCard
			key     any
			tk      timeKey
			card    string
			current int
		)
		// The sort key lands where KeysetOf puts it for this order.
		switch f.Sort {
		case content.SortTitle:
			key = &c.Key.Text
		case content.SortRelevance:
			key = &c.Key.Float
		default:
			key = &tk
		}
		if err := rows.Scan(&c.Key.ID, key, &card, &current); err != nil {
			return nil, translate(err, "list post cards")
		}
		c.Key.Time = tk.t
		// The driver's string as bytes, without copying it again: nothing
		// writes to a card.
		c.Card, c.Current = unsafe.Slice(unsafe.StringData(card), len(card)), current == 1
		out = append(out, c)
	}
	return out, translate(rows.Err(), "list post cards")
}

// frontPage returns the fixed statement of the public list in its default
// order (newest first, no filter), with or without a cursor: the front page
// and its next pages, the reads a blog serves most. It is what ListPostCards
// builds through GORM for such a filter (TestFrontPageSQLReadsWhatGORMReads
// compares them), minus the cost of building it on every request; with a
// literal LIMIT, as GORM writes it, and prepared once on the SQLite readers.
func (s *Store) frontPage(f content.PostFilter, format string) (string, []any, bool) {
	if f.Status != content.FilterPublished || f.OwnerID != "" || f.Query != "" || len(f.Tags) > 0 ||
		len(f.AllTags) > 0 || f.AuthorSlug != "" || f.Featured != nil || f.PublishedAfter != nil ||
		f.PublishedBefore != nil || (f.Sort != "" && f.Sort != content.SortPublishedDesc) || f.Limit <= 0 {
		return "", nil, false
	}
	now := f.Now.UTC()
	var b strings.Builder
	b.WriteString("SELECT posts.id, " + s.keyColumn(s.sortFor(f)) + ", pv.card, " + currentExpr + " FROM posts " + s.viewJoin() +
		" WHERE posts.status = 'published'")
	args := []any{format}
	switch {
	case f.After == nil:
		b.WriteString(" AND posts.published_at <= ?")
		args = append(args, now)
	case !f.After.Time.After(now):
		// As applyStatus: the cursor already bounds published_at.
		b.WriteString(" AND (posts.published_at, posts.id) < (?, ?)")
		args = append(args, f.After.Time.UTC(), f.After.ID)
	default:
		b.WriteString(" AND posts.published_at <= ? AND (posts.published_at, posts.id) < (?, ?)")
		args = append(args, now, f.After.Time.UTC(), f.After.ID)
	}
	b.WriteString(" ORDER BY posts.published_at DESC, posts.id DESC LIMIT ")
	b.WriteString(strconv.Itoa(f.Limit))
	return b.String(), args, true
}

// PostPage is a post's stored page with what decides whether it may be
// served: the post's id, current slug, status, publish time and version.
type PostPage struct {
	Post    content.Post // ID, Slug, Status, PublishedAt, Version only
	View    PostView     // Page, ETag and Keys
	Current bool
}

// GetPostPage returns the stored page of the post whose id (byID) or
// current slug is key; ErrNotFound when there is none.
func (s *Store) GetPostPage(ctx context.Context, key string, byID bool, format string) (PostPage, error) {
	q := s.postPageSQL(byID)
	// A fixed statement, prepared once, rather than one GORM builds per
	// call: the post page is the hottest uncached read.
	rows, err := s.queryFixed(ctx, "posts", q, format, key)
	if err != nil {
		return PostPage{}, translate(err, "get post page "+key)
	}
	defer rows.Close()
	var (
		pp        PostPage
		status    string
		published *time.Time
		current   int
	)
	p := &pp.Post
	var page string
	err = scanFirst(rows, &p.ID, &p.Slug, &status, &published, &p.Version, &page, &pp.View.ETag, &pp.View.Keys, &current)
	if err != nil {
		return PostPage{}, translate(err, "get post page "+key)
	}
	// The driver's string as bytes, without copying 13 KB again: nothing
	// writes to a view's page.
	pp.View.Page = unsafe.Slice(unsafe.StringData(page), len(page))
	p.Status, p.PublishedAt, pp.Current = content.Status(status), utcPtr(published), current == 1
	return pp, nil
}

func (s *Store) postPageSQL(byID bool) string {
	where := "WHERE posts.slug = ? LIMIT 1"
	if byID {
		where = "WHERE posts.id = ? LIMIT 1"
	}
	return "SELECT posts.id, posts.slug, posts.status, posts.published_at, posts.version, " +
		"pv.page, pv.page_etag, pv.keys, " + currentExpr + " FROM posts " + s.viewJoin() + " " + where
}

// StalePostViews returns up to limit posts whose view is behind its
// generation, in post id order.
func (s *Store) StalePostViews(ctx context.Context, limit int) ([]string, error) {
	var ids []string
	err := s.write(ctx).Table("post_views").Where("rendered_gen <> gen").Order("post_id").Limit(limit).
		Pluck("post_id", &ids).Error
	return ids, translate(err, "stale post views")
}

// PostsForViews returns the posts of ids, bodies included, with the
// generation of each view. The generations are read first, the posts
// after: a change between the two moves a generation past the one read,
// so the view rendered from these posts is refused by StorePostViews and
// rendered again; never stored as current with older content.
func (s *Store) PostsForViews(ctx context.Context, ids []string) ([]content.Post, map[string]int64, error) {
	var gens []struct {
		PostID string
		Gen    int64
	}
	if err := s.write(ctx).Table("post_views").Select("post_id, gen").Where("post_id IN ?", ids).Scan(&gens).Error; err != nil {
		return nil, nil, translate(err, "read view generations")
	}
	byID := make(map[string]int64, len(gens))
	for _, g := range gens {
		byID[g.PostID] = g.Gen
	}
	rows, err := scanPosts(s.postQuery(s.write(ctx), true).Where("posts.id IN ?", ids), true, false)
	if err != nil {
		return nil, nil, translate(err, "read posts for views")
	}
	posts := make([]content.Post, len(rows))
	for i, r := range rows {
		posts[i] = r.post()
	}
	return posts, byID, nil
}

// RenderedView is a view to store: the post, the generation it was
// rendered from, and the view.
type RenderedView struct {
	PostID string
	Gen    int64
	View   PostView
}

// StorePostViews stores each view whose post is still at the generation
// it was rendered from, in format, and returns how many it stored. On
// SQLite the batch is one transaction of the single writer; on PostgreSQL
// each view is its own statement, so the projector never holds one view's
// lock while waiting for another's (writers lock several; see the
// migration).
func (s *Store) StorePostViews(ctx context.Context, views []RenderedView, format string) (int, error) {
	stored := 0
	put := func(st *Store, v RenderedView) error {
		res := st.write(ctx).Table("post_views").Where("post_id = ? AND gen = ?", v.PostID, v.Gen).
			Updates(map[string]any{"rendered_gen": v.Gen, "format": format, "card": string(v.View.Card),
				"page": string(v.View.Page), "page_etag": v.View.ETag, "keys": v.View.Keys})
		stored += int(res.RowsAffected)
		return translate(res.Error, "store post view "+v.PostID)
	}
	if s.dialect == DialectPostgres {
		for _, v := range views {
			if err := put(s, v); err != nil {
				return stored, err
			}
		}
		return stored, nil
	}
	err := s.InTx(ctx, func(tx *Store) error {
		for _, v := range views {
			if err := put(tx, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		stored = 0
	}
	return stored, err
}

// ResetPostViews marks every view rendered in another format than format
// as stale, so the projector renders it again; it returns how many.
func (s *Store) ResetPostViews(ctx context.Context, format string) (int64, error) {
	res := s.write(ctx).Table("post_views").Where("format <> ? AND rendered_gen = gen", format).
		Update("rendered_gen", 0)
	return res.RowsAffected, translate(res.Error, "reset post views")
}

// CountStalePostViews counts the views waiting for the projector.
func (s *Store) CountStalePostViews(ctx context.Context) (int64, error) {
	var n int64
	err := s.read(ctx).Table("post_views").Where("rendered_gen <> gen").Count(&n).Error
	return n, translate(err, "count stale post views")
}

// scanFirst scans the first row of rows as sql.Row does: sql.ErrNoRows
// when there is none.
func scanFirst(rows *sql.Rows, dest ...any) error {
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return rows.Scan(dest...)
}
