package store_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestTagLinksFollowTheirPosts changes posts every way they change
// (unpublish, schedule, move back in time, retag, delete; through the
// store and by plain SQL, which only the trigger sees) and then checks,
// before and after the scheduled times, that every tag link carries its
// post's publish time exactly while the post is published, and that a
// tag's pages, totals and count, which read the links, are what reading
// the posts gives: a list filtered by the tag and a tag that does not
// exist walks posts and probes their links.
func TestTagLinksFollowTheirPosts(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 80)
	now := testutil.SeedBase.Add(time.Hour)
	posts, err := st.ListPosts(ctx, content.PostFilter{Status: content.FilterAny, Now: now, Limit: 100})
	if err != nil || len(posts) != 80 {
		t.Fatal(len(posts), err)
	}
	tags, err := st.ListTags(ctx, content.TagSortName, now, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(6, 10))
	for i, p := range posts {
		p.Version++
		switch i % 6 {
		case 0:
			p.Status = content.StatusDraft
		case 1:
			at := now.Add(time.Duration(i) * time.Hour)
			p.PublishedAt = &at
		case 2:
			at := p.PublishedAt.Add(-5000 * time.Hour)
			p.PublishedAt = &at
		case 3:
			p.Tags = nil
			for _, k := range rng.Perm(len(tags))[:1+i%3] {
				p.Tags = append(p.Tags, content.TagRef{ID: tags[k].ID, Slug: tags[k].Slug, Name: tags[k].Name})
			}
		case 4:
			if err := st.DeletePost(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
			continue
		default:
			continue
		}
		if _, err := st.UpdatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// By SQL: two posts unpublished, one published again, one moved.
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE posts SET status = 'draft' WHERE id IN (?, ?)", []any{posts[5].ID, posts[11].ID}},
		{"UPDATE posts SET status = 'published' WHERE id = ?", []any{posts[6].ID}},
		{"UPDATE posts SET published_at = ? WHERE id = ?", []any{now.Add(-9000 * time.Hour), posts[17].ID}},
	} {
		if err := st.ExecSQL(ctx, stmt.sql, stmt.args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteTag(ctx, tags[len(tags)-1].ID); err != nil {
		t.Fatal(err)
	}
	tags = tags[:len(tags)-1]

	wrong, err := st.CountSQL(ctx, "SELECT COUNT(*) FROM post_tags pt JOIN posts p ON p.id = pt.post_id WHERE "+
		"(p.status = 'published' AND (pt.published_at IS NULL OR pt.published_at <> p.published_at)) OR "+
		"(p.status <> 'published' AND pt.published_at IS NOT NULL)")
	if err != nil || wrong != 0 {
		t.Fatalf("%d links disagree with their posts (%v)", wrong, err)
	}

	for _, at := range []time.Time{now, now.Add(200 * time.Hour)} {
		counted, err := st.ListTags(ctx, content.TagSortName, at, 100, nil)
		if err != nil || len(counted) != len(tags) {
			t.Fatal(len(counted), err)
		}
		nonEmpty := 0
		for i, tag := range counted {
			other := tags[(i+1)%len(tags)].Slug
			for _, c := range []struct {
				name      string
				got, want content.PostFilter
			}{
				{"newest", content.PostFilter{Tags: []string{tag.Slug}}, content.PostFilter{Tags: []string{tag.Slug, "no-such-tag"}}},
				{"oldest", content.PostFilter{Tags: []string{tag.Slug}, Sort: content.SortPublishedAsc},
					content.PostFilter{Tags: []string{tag.Slug, "no-such-tag"}, Sort: content.SortPublishedAsc}},
				{"all tags", content.PostFilter{AllTags: []string{tag.Slug, other}},
					content.PostFilter{Tags: []string{tag.Slug, "no-such-tag"}, AllTags: []string{other}}},
			} {
				got, want := walk(t, st, c.got, at), walk(t, st, c.want, at)
				if !slices.Equal(got, want) {
					t.Errorf("at %s, tag %s, %s: pages read %v, posts read %v", at, tag.Slug, c.name, got, want)
				}
				if c.name == "newest" {
					if tag.PostCount != len(want) {
						t.Errorf("at %s, tag %s counts %d posts, lists %d", at, tag.Slug, tag.PostCount, len(want))
					}
					if len(want) > 0 {
						nonEmpty++
					}
				}
				for _, f := range []content.PostFilter{c.got, c.want} {
					f.Status, f.Now = content.FilterPublished, at
					if n, err := st.CountPosts(ctx, f); err != nil || n != len(want) {
						t.Errorf("at %s, tag %s, %s: total %d (%v), want %d", at, tag.Slug, c.name, n, err, len(want))
					}
				}
			}
		}
		if nonEmpty < len(tags)/2 {
			t.Fatalf("only %d of %d tags have posts: the test checks little", nonEmpty, len(tags))
		}
	}
}

// walk reads every page of f's cards (published posts at now, 7 a page)
// and returns the posts' ids in order.
func walk(t *testing.T, st *store.Store, f content.PostFilter, now time.Time) []string {
	t.Helper()
	f.Status, f.Now, f.Limit = content.FilterPublished, now, 7
	cards := follow(t, f, func(f content.PostFilter) ([]store.PostCard, error) {
		return st.ListPostCards(context.Background(), f, "test")
	}, func(c store.PostCard) content.Keyset { return c.Key })
	ids := make([]string, len(cards))
	for i, c := range cards {
		ids[i] = c.Key.ID
	}
	return ids
}

// TestTotalIgnoresTheCursor counts a list's posts from its first page and
// from a later one, with a post scheduled after now: a cursor bounds the
// page's publish times, and the total of a later page counted the
// scheduled post too.
func TestTotalIgnoresTheCursor(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 30)
	now := testutil.SeedBase.Add(time.Hour)
	first, err := st.ListPosts(ctx, content.PostFilter{Now: now, Limit: 10})
	if err != nil || len(first) != 10 {
		t.Fatal(len(first), err)
	}
	p := first[3]
	p.Version++
	later := now.Add(24 * time.Hour)
	p.PublishedAt = &later
	if _, err := st.UpdatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []content.PostFilter{{}, {Tags: []string{p.Tags[0].Slug}}, {Tags: []string{p.Tags[0].Slug, "no-such-tag"}}} {
		f.Status, f.Now = content.FilterPublished, now
		want, err := st.CountPosts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		k := store.KeysetOf(first[8], "")
		f.After = &k
		if got, err := st.CountPosts(ctx, f); err != nil || got != want {
			t.Errorf("tags %v: total %d from a later page (%v), %d from the first", f.Tags, got, err, want)
		}
	}
}
