package service_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// BenchmarkCreatePost writes posts of about 6 KB of markdown with three tags
// through the service, one at a time: the single SQLite writer's cost per create.
func BenchmarkCreatePost(b *testing.B) {
	env := testutil.NewEnvAt(b, testutil.SeedBase)
	u := env.MustUser(b, "Bench Writer", content.RoleEditor)
	ctx := testutil.As(context.Background(), u)
	body := strings.Repeat("## A section\n\nSome words about distributed systems, caches and queues. ", 80)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		title := fmt.Sprintf("Benchmark post %d", i)
		st := content.StatusPublished
		tags := []string{fmt.Sprintf("tag-%d", i%50), fmt.Sprintf("tag-%d", (i+7)%50), "bench"}
		if _, err := env.Service.CreatePost(ctx, content.PostInput{Title: &title, BodyMarkdown: &body, Status: &st, Tags: &tags}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticate checks a login token as every write request does.
func BenchmarkAuthenticate(b *testing.B) {
	env := testutil.NewEnvAt(b, testutil.SeedBase)
	u := env.MustUser(b, "Bench Writer", content.RoleEditor)
	token := env.Token(b, u)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if a, err := env.Service.Authenticate(ctx, token); err != nil || a.UserID != u.ID {
			b.Fatal(a, err)
		}
	}
}
