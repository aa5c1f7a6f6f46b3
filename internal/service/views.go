package service

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// The read model of public post reads (CQRS). Writes go to the tables;
// triggers in the same transaction mark the stored views they change as
// stale (store/migrations 00008); after commit the projector renders those
// posts again with the HTTP layer's renderer and stores each view only if
// its post has not changed since it was read. Public reads of a post or a
// list page are answered from current views, and fall back to the tables
// whenever one is stale, so they are never older than the tables.

// PostView is a post's public answers, rendered once.
type PostView = store.PostView

// RenderPostView renders a post as the public receives it: its list item
// and its whole page. The HTTP layer provides it (httpapi.RenderPostView).
type RenderPostView func(content.Post) (PostView, error)

// viewBatch is how many views the projector renders per round.
const viewBatch = 200

// views holds the read model's renderer and the format its views are in.
type views struct {
	render RenderPostView
	once   sync.Once
	format string
	mu     sync.Mutex // one projector round at a time

	rendered, fromViews, fromTables atomic.Int64
}

// ViewStats are the read model's counters since start, for metrics.
type ViewStats struct {
	// Rendered counts views stored by the projector.
	Rendered int64
	// FromViews and FromTables count public post reads (lists and posts)
	// answered from current views and those that fell back to the tables.
	FromViews, FromTables int64
	// Stale is how many views wait for the projector now.
	Stale int64
}

// CheckpointStats returns the SQLite checkpointer's counters; ok is false
// on PostgreSQL.
func (s *Service) CheckpointStats() (store.CheckpointStats, bool) { return s.store.CheckpointStats() }

// ViewStats returns the read model's counters; ok is false when it is off.
func (s *Service) ViewStats(ctx context.Context) (ViewStats, bool, error) {
	if s.views == nil {
		return ViewStats{}, false, nil
	}
	v := s.views
	st := ViewStats{Rendered: v.rendered.Load(), FromViews: v.fromViews.Load(), FromTables: v.fromTables.Load()}
	n, err := s.store.CountStalePostViews(ctx)
	st.Stale = n
	return st, true, err
}

// counted records where a read was answered from.
func (v *views) counted(ok bool) bool {
	if ok {
		v.fromViews.Add(1)
	} else {
		v.fromTables.Add(1)
	}
	return ok
}

// viewSample is the post whose rendering names the view format: any change
// to what the renderer writes changes it, so an upgrade renders every view
// again instead of serving JSON in an old shape.
var viewSample = func() content.Post {
	at := time.Date(2001, 2, 3, 4, 5, 6, 7000, time.UTC)
	return content.Post{ID: "01HSAMPLE0000000000000000", Slug: "sample", Title: "Sample <&>", Excerpt: "An excerpt",
		CustomExcerpt: true, BodyMarkdown: "# Sample\n\nText", BodyHTML: "<h1 id=\"sample\">Sample</h1>\n<p>Text</p>\n",
		TOC: []content.Heading{{Level: 1, Text: "Sample", Anchor: "sample"}}, ReadingTimeMinutes: 1, WordCount: 2,
		Status: content.StatusPublished, PublishedAt: &at, Featured: true, CoverImage: "https://example.com/c.png",
		MetaTitle: "Meta", MetaDescription: "Description", CanonicalURL: "https://example.com/sample",
		Author: content.AuthorRef{ID: "01HAUTHOR000000000000000000", Slug: "ann", Name: "Ann"},
		Tags:   []content.TagRef{{ID: "01HTAG00000000000000000000", Slug: "go", Name: "Go"}}, Version: 3,
		CreatedAt: at, UpdatedAt: at}
}()

// viewFormat returns the format of views this release renders, "" when
// the read model is off.
func (s *Service) viewFormat() string {
	if s.views == nil {
		return ""
	}
	s.views.once.Do(func() {
		v, err := s.views.render(viewSample)
		if err != nil {
			return // format stays "": no view is ever current
		}
		h := xxhash.New()
		for _, part := range [][]byte{v.Card, v.Page, []byte(v.ETag), []byte(v.Keys)} {
			_, _ = h.Write(part)
			_, _ = h.Write([]byte{0})
		}
		s.views.format = hex.EncodeToString(h.Sum(nil))
	})
	return s.views.format
}

// PrepareViews marks views rendered by another release as stale. Call it
// at start, before the projector runs.
func (s *Service) PrepareViews(ctx context.Context) (int64, error) {
	format := s.viewFormat()
	if format == "" {
		return 0, nil
	}
	return s.store.ResetPostViews(ctx, format)
}

// SearchPending counts the posts written but not yet indexed for search;
// ok is false where writes index at once (PostgreSQL).
func (s *Service) SearchPending(ctx context.Context) (int64, bool, error) {
	return s.store.CountSearchPending(ctx)
}

// ProjectViews brings the read models up to date after commits (cmd/folio's
// projector runs it): the search index (store.IndexSearch), then every stale
// view. It returns how many views it stored. A view whose post changed
// while it was being rendered is left stale for the next round.
func (s *Service) ProjectViews(ctx context.Context) (int, error) {
	if _, err := s.store.IndexSearch(ctx); err != nil {
		return 0, fmt.Errorf("index search: %w", err)
	}
	format := s.viewFormat()
	if format == "" {
		return 0, nil
	}
	s.views.mu.Lock()
	defer s.views.mu.Unlock()
	total := 0
	var failed error
	for {
		ids, err := s.store.StalePostViews(ctx, viewBatch)
		if err != nil || len(ids) == 0 {
			return total, errors.Join(err, failed)
		}
		posts, gens, err := s.store.PostsForViews(ctx, ids)
		if err != nil {
			return total, err
		}
		batch := make([]store.RenderedView, 0, len(posts))
		var renderErr error
		for _, p := range posts {
			v, err := s.renderView(p)
			if err != nil {
				// Left stale, so reads of this post go to the tables; the
				// other views of the batch are still stored.
				renderErr = errors.Join(renderErr, fmt.Errorf("render view of post %s: %w", p.ID, err))
				continue
			}
			batch = append(batch, store.RenderedView{PostID: p.ID, Gen: gens[p.ID], View: v})
		}
		n, err := s.store.StorePostViews(ctx, batch, format)
		total += n
		s.views.rendered.Add(int64(n))
		failed = errors.Join(failed, renderErr)
		if err != nil {
			return total, errors.Join(err, failed)
		}
		if n == 0 || len(ids) < viewBatch {
			// Done, or nothing stored: every post changed under us (the
			// writers' commits wake the projector again) or failed to render.
			return total, failed
		}
	}
}

// renderView renders what the public sees of p: nothing for a draft (it
// is never served from a view); a published post as it reads once its
// publish time has come, so a scheduled post's view is ready at its time.
func (s *Service) renderView(p content.Post) (PostView, error) {
	if p.Status != content.StatusPublished || p.PublishedAt == nil {
		return PostView{}, nil
	}
	return s.views.render(p)
}

// CardPage is a page of the public post list from the read model: each
// post's list item as stored JSON.
type CardPage struct {
	Cards      [][]byte
	NextCursor string
	Total      *int
}

// ListPostCards answers ListPosts from the read model when it can: a
// public list (no status filter, no search) whose posts all have current
// views. ok is false when it cannot, and the caller asks ListPosts.
func (s *Service) ListPostCards(ctx context.Context, f content.PostFilter, cursor string, withTotal bool) (CardPage, bool, error) {
	format := s.viewFormat()
	if format == "" || f.Query != "" || f.WithBody {
		return CardPage{}, false, nil
	}
	list, limit, err := s.preparePostList(ctx, &f, cursor)
	if err != nil {
		return CardPage{}, false, err
	}
	if f.Status != content.FilterPublished || f.OwnerID != "" || f.Sort == content.SortRelevance {
		return CardPage{}, false, nil
	}
	rows, err := s.store.ListPostCards(ctx, f, format)
	if err != nil {
		return CardPage{}, false, fmt.Errorf("list posts: %w", err)
	}
	for _, r := range rows {
		if !r.Current {
			s.views.counted(false)
			return CardPage{}, false, nil
		}
	}
	s.views.counted(true)
	rows, next := pageOf(s, list, rows, limit, func(r store.PostCard) content.Keyset { return r.Key })
	out := CardPage{Cards: make([][]byte, len(rows)), NextCursor: next}
	for i, r := range rows {
		out.Cards[i] = r.Card
	}
	if withTotal {
		n, err := s.store.CountPosts(ctx, f)
		if err != nil {
			return CardPage{}, false, fmt.Errorf("count posts: %w", err)
		}
		out.Total = &n
	}
	return out, true, nil
}

// GetPostPage answers GetPost from the read model when it can: a post the
// public may see, asked for by id or current slug, with a current view.
// ok is false otherwise (drafts, scheduled posts, old slugs, stale views),
// and the caller asks GetPost.
func (s *Service) GetPostPage(ctx context.Context, idOrSlug string) (PostView, bool, error) {
	format := s.viewFormat()
	if format == "" {
		return PostView{}, false, nil
	}
	byID := content.IsID(idOrSlug)
	key := idOrSlug
	if !byID {
		key = strings.ToLower(idOrSlug)
		if !content.IsSlug(key) || key != idOrSlug {
			return PostView{}, false, nil
		}
	}
	pp, err := s.store.GetPostPage(ctx, key, byID, format)
	if err != nil || !pp.Current || !pp.Post.VisibleAt(s.Now()) {
		s.views.counted(false)
		return PostView{}, false, nil // not found here may still be an old slug or an id-shaped slug
	}
	s.views.counted(true)
	return pp.View, true, nil
}
