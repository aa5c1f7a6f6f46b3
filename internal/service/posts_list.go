package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// Page limits of every list.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// PostList is one page of posts.
type PostList struct {
	Posts      []content.Post
	NextCursor string
	Total      *int
}

// ListPosts returns one page of posts. Anonymous callers see published
// posts only; a status filter needs a token, and authors see only their own
// unpublished posts. cursor continues a previous page of the same query.
func (s *Service) ListPosts(ctx context.Context, f content.PostFilter, cursor string, withTotal bool) (PostList, error) {
	list, limit, err := s.preparePostList(ctx, &f, cursor)
	if err != nil {
		return PostList{}, err
	}
	posts, err := s.store.ListPosts(ctx, f)
	if err != nil {
		return PostList{}, fmt.Errorf("list posts: %w", err)
	}
	for i := range posts {
		posts[i].Snippet = content.MarkSnippet(posts[i].Snippet)
	}
	var out PostList
	out.Posts, out.NextCursor = pageOf(s, list, posts, limit, func(p content.Post) content.Keyset {
		return store.KeysetOf(p, f.Sort)
	})
	if withTotal {
		n, err := s.store.CountPosts(ctx, f)
		if err != nil {
			return PostList{}, fmt.Errorf("count posts: %w", err)
		}
		out.Total = &n
	}
	return out, nil
}

// preparePostList scopes, checks and completes f for the store: status
// for the caller, default order, limit (one more than the page, to tell
// whether a next page exists), the clock and the cursor's position. It
// returns the list's fingerprint and the page size.
func (s *Service) preparePostList(ctx context.Context, f *content.PostFilter, cursor string) (string, int, error) {
	if err := s.scopeStatus(ctx, f); err != nil {
		return "", 0, err
	}
	if err := checkSearch(f); err != nil {
		return "", 0, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Now = s.Now()
	list := postListFingerprint(*f)
	after, err := s.decodeCursor(list, cursor)
	if err != nil {
		return "", 0, err
	}
	f.After = after
	limit := f.Limit
	f.Limit = limit + 1
	return list, limit, nil
}

// checkSearch validates q and picks the default order: relevance with a
// query, newest first without one.
func checkSearch(f *content.PostFilter) error {
	if len(f.Query) > content.MaxQueryLen {
		return content.BadParam("q", "must be at most %d bytes", content.MaxQueryLen)
	}
	switch {
	case f.Sort == content.SortRelevance && f.Query == "":
		return content.BadParam("sort", "relevance needs a q")
	case f.Sort == "" && f.Query != "":
		f.Sort = content.SortRelevance
	case f.Sort == "":
		f.Sort = content.SortPublishedDesc
	}
	return nil
}

func (s *Service) scopeStatus(ctx context.Context, f *content.PostFilter) error {
	if f.Status == "" || f.Status == content.FilterPublished {
		f.Status = content.FilterPublished
		return nil
	}
	a, ok := content.ActorFrom(ctx)
	if !ok {
		return content.Public(content.ErrUnauthorized, "the status filter needs a token")
	}
	if !a.IsEditor() {
		f.OwnerID = a.UserID
	}
	return nil
}

// postListFingerprint names the query a cursor belongs to: everything that
// decides membership and order, but not the position or the page size.
func postListFingerprint(f content.PostFilter) string {
	// The text fmt's "posts|%s|%s|%s|%v|%v|%s|%s|%s|" gave, written out
	// (fmt's reflection was 2 % of a cache-off list): cursors issued
	// before stay valid.
	var b strings.Builder
	for _, s := range []string{"posts", string(f.Status), f.OwnerID, string(f.Sort), "[" + strings.Join(f.Tags, " ") + "]",
		"[" + strings.Join(f.AllTags, " ") + "]", f.AuthorSlug, f.Query, boolStr(f.Featured)} {
		b.WriteString(s)
		b.WriteByte('|')
	}
	for _, t := range []*time.Time{f.PublishedAfter, f.PublishedBefore} {
		if t != nil {
			b.WriteString(t.UTC().Format(time.RFC3339Nano))
		}
		b.WriteByte('|')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

func boolStr(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}
