package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// BenchmarkListSeeded runs public list pages with each kind of filter and
// order, their totals, and the tag and author lists with their counts,
// through the store against a database make bench seeded (FOLIO_BENCH_DB,
// as BenchmarkSearchSeeded; work on a copy). The seed's vocabulary: tags
// tag-0 … tag-49, three a post; authors author-0 … author-19; every post
// published, one in ten featured; the posts related to the newest, and
// the archive's months.
// Without FOLIO_BENCH_DB it is skipped.
func BenchmarkListSeeded(b *testing.B) {
	st := openSeeded(b)
	ctx := context.Background()
	now := time.Now()
	yes := true
	y2020 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	all50 := make([]string, 50)
	for i := range all50 {
		all50[i] = fmt.Sprintf("tag-%d", i)
	}
	lists := []struct {
		name string
		f    content.PostFilter
	}{
		{"newest", content.PostFilter{}},
		{"title", content.PostFilter{Sort: content.SortTitle}},
		{"updated", content.PostFilter{Sort: content.SortUpdatedDesc}},
		{"oldest", content.PostFilter{Sort: content.SortPublishedAsc}},
		{"author", content.PostFilter{AuthorSlug: "author-3"}},
		{"author+title", content.PostFilter{AuthorSlug: "author-3", Sort: content.SortTitle}},
		{"author+updated", content.PostFilter{AuthorSlug: "author-3", Sort: content.SortUpdatedDesc}},
		{"featured", content.PostFilter{Featured: &yes}},
		{"tag", content.PostFilter{Tags: []string{"tag-7"}}},
		{"tag+title", content.PostFilter{Tags: []string{"tag-7"}, Sort: content.SortTitle}},
		{"tags-any-50", content.PostFilter{Tags: all50}},
		{"unknown-tag", content.PostFilter{Tags: []string{"no-such-tag"}}},
		{"all-tags-2", content.PostFilter{AllTags: []string{"tag-1", "tag-2"}}},
		{"all-tags-3", content.PostFilter{AllTags: []string{"tag-1", "tag-2", "tag-3"}}},
		{"all-tags-unknown", content.PostFilter{AllTags: []string{"tag-1", "no-such-tag"}}},
		{"before-2020", content.PostFilter{PublishedBefore: &y2020}},
		{"after-2020", content.PostFilter{PublishedAfter: &y2020, Sort: content.SortPublishedAsc}},
	}
	for _, l := range lists {
		f := l.f
		f.Status, f.Now, f.Limit = content.FilterPublished, now, 21
		if os.Getenv("FOLIO_BENCH_EXPLAIN") != "" {
			plan, err := st.ExplainListPosts(ctx, f)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s:\n  %s", l.name, strings.Join(plan, "\n  "))
		}
		b.Run("page/"+l.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.ListPostCards(ctx, f, "html"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, l := range lists {
		f := l.f
		f.Status, f.Now = content.FilterPublished, now
		b.Run("total/"+l.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.CountPosts(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, sort := range []content.TagSort{content.TagSortName, content.TagSortPostCount} {
		b.Run("tags/"+string(sort), func(b *testing.B) {
			for b.Loop() {
				if tags, err := st.ListTags(ctx, sort, now, 50, nil); err != nil || len(tags) == 0 {
					b.Fatal(len(tags), err)
				}
			}
		})
		b.Run("authors/"+string(sort), func(b *testing.B) {
			for b.Loop() {
				if authors, err := st.ListAuthors(ctx, sort, now, 20, nil); err != nil || len(authors) == 0 {
					b.Fatal(len(authors), err)
				}
			}
		})
	}
	newest, err := st.ListPosts(ctx, content.PostFilter{Status: content.FilterPublished, Now: now, Limit: 1})
	if err != nil || len(newest) != 1 {
		b.Fatal(len(newest), err)
	}
	b.Run("related", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.RelatedPosts(ctx, newest[0].ID, now, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("archive", func(b *testing.B) {
		for b.Loop() {
			if months, err := st.Archive(ctx, now); err != nil || len(months) == 0 {
				b.Fatal(len(months), err)
			}
		}
	})
	b.Run("tag", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.GetTagBySlug(ctx, "tag-7", now); err != nil {
				b.Fatal(err)
			}
		}
	})
}
