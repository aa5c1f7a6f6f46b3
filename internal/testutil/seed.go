package testutil

import (
	"context"
	"testing"

	"github.com/folio-cms/folio/internal/seed"
	"github.com/folio-cms/folio/internal/store"
)

// SeedBase is the publish time of the newest seeded post.
var SeedBase = seed.Base

// SeedPosts writes n realistic published posts through the store (see seed.Posts).
func SeedPosts(t testing.TB, st *store.Store, n int) {
	t.Helper()
	if err := seed.Posts(context.Background(), st, n); err != nil {
		t.Fatal(err)
	}
}
