package service_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

var (
	benchOnce sync.Once
	benchEnv  *testutil.Env
)

// benchService is one service over 10,000 seeded posts, shared by the
// benchmarks of this package (seeding takes seconds).
func benchService(b *testing.B) *testutil.Env {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "folio-bench-")
		if err != nil {
			b.Fatal(err)
		}
		// Lives until the process ends: the benchmarks share it.
		st, err := store.Open(context.Background(), store.Options{URL: filepath.Join(dir, "bench.db"), Readers: 4})
		if err != nil {
			b.Fatal(err)
		}
		benchEnv = testutil.EnvOver(b, st, testutil.SeedBase)
		testutil.SeedPosts(b, st, 10_000)
	})
	return benchEnv
}

func benchList(b *testing.B, f content.PostFilter, cursor string) {
	env := benchService(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		page, err := env.Service.ListPosts(ctx, f, cursor, false)
		if err != nil || len(page.Posts) == 0 {
			b.Fatalf("list: %v (%d posts)", err, len(page.Posts))
		}
	}
}

func BenchmarkListNewest(b *testing.B) { benchList(b, content.PostFilter{Limit: 20}, "") }

func BenchmarkListByTag(b *testing.B) {
	benchList(b, content.PostFilter{Limit: 20, Tags: []string{"tag-7"}}, "")
}

// BenchmarkListPage500 reads the 500th page of 20 by following cursors
// once, then times only that page.
func BenchmarkListPage500(b *testing.B) {
	env := benchService(b)
	ctx := context.Background()
	cursor := ""
	for range 499 {
		page, err := env.Service.ListPosts(ctx, content.PostFilter{Limit: 20}, cursor, false)
		if err != nil {
			b.Fatal(err)
		}
		cursor = page.NextCursor
	}
	benchList(b, content.PostFilter{Limit: 20}, cursor)
}

func BenchmarkSearch(b *testing.B) {
	benchList(b, content.PostFilter{Limit: 20, Query: "distributed consistency"}, "")
}
