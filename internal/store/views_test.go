package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestFrontPageSQLReadsWhatGORMReads holds the fixed statement of the
// public front page to the one GORM builds for the same filter: the first
// page, a page after a past cursor and after a future one (where the
// publish-time bound must stay), at several limits.
func TestFrontPageSQLReadsWhatGORMReads(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 60)
	ctx := context.Background()
	now := testutil.SeedBase.Add(-10 * time.Hour) // the ten newest posts are scheduled
	first, err := st.ListPostCardsBuilt(ctx, content.PostFilter{Status: content.FilterPublished, Now: now, Limit: 100}, "f")
	if err != nil || len(first) < 40 {
		t.Fatalf("list: %v, %d cards", err, len(first))
	}
	past := first[20].Key
	future := content.Keyset{ID: "01ZZZZZZZZZZZZZZZZZZZZZZZZ", Time: now.Add(24 * time.Hour)}
	for _, after := range []*content.Keyset{nil, &past, &future} {
		for _, limit := range []int{1, 21, 101} {
			f := content.PostFilter{Status: content.FilterPublished, Now: now, Limit: limit, After: after}
			built, err := st.ListPostCardsBuilt(ctx, f, "f")
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := st.ListPostCards(ctx, f, "f")
			if err != nil {
				t.Fatal(err)
			}
			if len(built) == 0 || !reflect.DeepEqual(fixed, built) {
				t.Errorf("after %v, limit %d: fixed statement read %d cards, GORM's %d, or they differ", after, limit,
					len(fixed), len(built))
			}
		}
	}
}

// TestCardKeysAreThePostsKeys holds the sort key a card row carries (read
// by the store as text on SQLite, see timeKey) to the one KeysetOf gives
// of the same post read from the tables, in every order a card list has.
func TestCardKeysAreThePostsKeys(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 60)
	ctx := context.Background()
	for _, sort := range []content.PostSort{content.SortPublishedDesc, content.SortPublishedAsc,
		content.SortUpdatedDesc, content.SortTitle} {
		for _, tags := range [][]string{nil, {"tag-3"}} {
			f := content.PostFilter{Status: content.FilterPublished, Now: testutil.SeedBase, Limit: 30, Sort: sort, Tags: tags}
			cards, err := st.ListPostCards(ctx, f, "f")
			if err != nil {
				t.Fatal(err)
			}
			posts, err := st.ListPosts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(cards) != len(posts) || len(cards) < 5 {
				t.Fatalf("%s %v: %d cards, %d posts", sort, tags, len(cards), len(posts))
			}
			for i, c := range cards {
				want := store.KeysetOf(posts[i], sort)
				if c.Key.ID != want.ID || !c.Key.Time.Equal(want.Time) || c.Key.Text != want.Text || c.Key.Float != want.Float {
					t.Errorf("%s %v, row %d: card key %+v, post key %+v", sort, tags, i, c.Key, want)
				}
			}
		}
	}
}

// TestFixedReadsAreObserved: the post page and the front page run outside
// GORM (fixedReads) and still reach the query observer, once each, under
// the caller's context, so metrics and traces see them.
func TestFixedReadsAreObserved(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 30)
	type key struct{}
	var seen []string
	if err := st.Observe(func(ctx context.Context, op, table string, _ time.Duration, err error) {
		if ctx.Value(key{}) == "caller" {
			seen = append(seen, op+" "+table)
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), key{}, "caller")
	if _, err := st.GetPostPage(ctx, "no-such-post", false, "f"); err == nil {
		t.Fatal("a page of no post")
	}
	f := content.PostFilter{Status: content.FilterPublished, Now: testutil.SeedBase, Limit: 21}
	if cards, err := st.ListPostCards(ctx, f, "f"); err != nil || len(cards) != 21 {
		t.Fatalf("front page: %v, %d cards", err, len(cards))
	}
	if want := []string{"row posts", "row posts"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("observed %q, want %q", seen, want)
	}
}
