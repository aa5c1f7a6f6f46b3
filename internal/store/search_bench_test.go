package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// BenchmarkSearchSeeded runs the load benchmark's search queries through
// the store against a database make bench seeded, named by
// FOLIO_BENCH_DB (for example .cache/bench/posts-100000-*.db; work on a
// copy, opening it applies pending migrations; or the URL of a PostgreSQL
// database seeded by `BENCH_SEED_URL=<url> BENCH_SEED_POSTS=100000
// ./bin/bench-run`): the queries in turn, then each one repeated with the
// default ranking window and a smaller one.
// Without FOLIO_BENCH_DB it is skipped.
func BenchmarkSearchSeeded(b *testing.B) {
	st := openSeeded(b)
	queries := []string{"latency", "cache index", "distributed consistency", "replica", "event log",
		"throughput", "queue backpressure", "monolith service", "idempotent write", "scalable systems"}
	// The queries in turn, as the load benchmark asks them, so that each
	// finds little of the last one's pages in the connection's cache: as
	// a broad search ranks (in the full-text index), and with a filter
	// that keeps every post, which ranks with every match joined to its post.
	far := time.Now().AddDate(100, 0, 0)
	for _, joined := range []bool{false, true} {
		b.Run(fmt.Sprintf("rotating/joined=%v", joined), func(b *testing.B) {
			i := 0
			for b.Loop() {
				f := content.PostFilter{Now: time.Now(), Limit: 21, Query: queries[i%len(queries)], Sort: content.SortRelevance}
				if joined {
					f.PublishedBefore = &far
				}
				if posts, err := st.ListPosts(context.Background(), f); err != nil || len(posts) == 0 {
					b.Fatal(len(posts), err)
				}
				i++
			}
		})
	}
	for _, window := range []int{store.DefaultSearchWindow, 200} {
		st.SetSearchWindow(window)
		for _, q := range queries {
			b.Run(fmt.Sprintf("window=%d/%s", window, q), func(b *testing.B) {
				f := content.PostFilter{Now: time.Now(), Limit: 21, Query: q, Sort: content.SortRelevance}
				for b.Loop() {
					posts, err := st.ListPosts(context.Background(), f)
					if err != nil || len(posts) == 0 {
						b.Fatal(len(posts), err)
					}
				}
			})
		}
	}
}

// openSeeded opens the database FOLIO_BENCH_DB names, closed when b ends,
// or skips b when it names none.
func openSeeded(b *testing.B) *store.Store {
	path := os.Getenv("FOLIO_BENCH_DB")
	if path == "" {
		b.Skip("FOLIO_BENCH_DB names no seeded database")
	}
	st, err := store.Open(context.Background(), store.Options{URL: path, Readers: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}
