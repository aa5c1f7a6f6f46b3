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
	past := store.KeysetOf(first[20].Post, content.SortPublishedDesc)
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
