package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// BenchmarkSearchSeeded runs the load benchmark's search queries through
// the store against a database make bench seeded, named by
// FOLIO_BENCH_DB (for example .cache/bench/posts-100000-*.db); without it
// the benchmark is skipped. The file is opened as it is: keep a copy if it
// must not change.
func BenchmarkSearchSeeded(b *testing.B) {
	path := os.Getenv("FOLIO_BENCH_DB")
	if path == "" {
		b.Skip("FOLIO_BENCH_DB names no seeded database")
	}
	st, err := store.Open(context.Background(), store.Options{URL: path, Readers: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	spent := map[string]time.Duration{}
	if os.Getenv("FOLIO_BENCH_OBSERVE") != "" {
		st.Observe(func(_ context.Context, op, table string, d time.Duration, _ error) {
			spent[op+" "+table[:min(len(table), 40)]] += d
		})
		defer func() { b.Log(spent) }()
	}
	for _, q := range []string{"latency", "cache index", "distributed consistency", "replica", "event log",
		"throughput", "queue backpressure", "monolith service", "idempotent write", "scalable systems"} {
		b.Run(q, func(b *testing.B) {
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
