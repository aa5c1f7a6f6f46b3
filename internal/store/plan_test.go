package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestListQueriesUseIndexes reads SQLite's plan of the list, tag-filtered,
// deep-page and search queries and fails on a full scan of posts.
func TestListQueriesUseIndexes(t *testing.T) {
	st, now, after := sqlitePlans(t, "reads SQLite's EXPLAIN QUERY PLAN")
	cases := map[string]content.PostFilter{
		"list":       {Now: now, Limit: 21},
		"deep page":  {Now: now, Limit: 21, After: after},
		"by tag":     {Now: now, Limit: 21, Tags: []string{"tag-7"}},
		"all tags":   {Now: now, Limit: 21, AllTags: []string{"tag-7", "tag-8"}},
		"by author":  {Now: now, Limit: 21, AuthorSlug: "author-3"},
		"search":     {Now: now, Limit: 21, Query: "distributed systems", Sort: content.SortRelevance},
		"by updated": {Now: now, Limit: 21, Sort: content.SortUpdatedDesc},
		"by title":   {Now: now, Limit: 21, Sort: content.SortTitle},
	}
	// Orders of their own walk their index and stop at the page: without
	// statistics SQLite read every published post and sorted them.
	walks := map[string]string{"by updated": "SCAN posts USING INDEX posts_updated",
		"by title": "SCAN posts USING INDEX posts_title"}
	for name, f := range cases {
		lines, err := st.ExplainListPosts(context.Background(), f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if want, ok := walks[name]; ok && lines[0] != want {
			t.Errorf("%s: the plan does not start with %q:\n  %s", name, want, strings.Join(lines, "\n  "))
		}
		for _, line := range lines {
			if strings.HasPrefix(line, "SCAN posts") && !strings.Contains(line, "INDEX") {
				t.Errorf("%s: full scan of posts:\n  %s", name, strings.Join(lines, "\n  "))
			}
		}
		t.Logf("%s:\n  %s", name, strings.Join(lines, "\n  "))
	}
}

// TestListPageQueryCount holds one list page to one statement, whatever
// its size: the posts with their authors and (packed) tags.
func TestListPageQueryCount(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 120)
	var n int
	if err := st.Observe(func(_ context.Context, op, table string, d time.Duration, err error) { n++ }); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 20, 100} {
		n = 0
		posts, err := st.ListPosts(context.Background(), content.PostFilter{Now: testutil.SeedBase, Limit: limit, Tags: []string{"tag-1", "tag-8"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) == 0 || posts[0].Author.Name == "" || len(posts[0].Tags) != 3 {
			t.Fatalf("page lacks authors or tags: %+v", posts[0])
		}
		if n != 1 {
			t.Fatalf("a page of %d posts ran %d statements, want 1", limit, n)
		}
	}
}

// TestExplainSearchOnEitherDatabase explains a search on both databases:
// only SQLite has a vocabulary table to look prefixes up in.
func TestExplainSearchOnEitherDatabase(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 20)
	f := content.PostFilter{Now: testutil.SeedBase, Limit: 21, Query: "distributed sys", Sort: content.SortRelevance}
	lines, err := st.ExplainListPosts(context.Background(), f)
	if err != nil || len(lines) == 0 {
		t.Fatalf("explain a search: %d lines, %v", len(lines), err)
	}
}

// TestTagFilterLooksTagsUpOnce checks on either database that a tag filter
// resolves the tags' ids once per statement (PostgreSQL: an InitPlan;
// SQLite: a list subquery) instead of joining tags to every link of every
// candidate post, which made a tag page 4× the cost of the newest list on
// PostgreSQL.
func TestTagFilterLooksTagsUpOnce(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 60)
	now := testutil.SeedBase.Add(time.Hour)
	want := "LIST SUBQUERY"
	if testutil.Dialect() == store.DialectPostgres {
		want = "InitPlan"
	}
	for name, f := range map[string]content.PostFilter{
		"any of":  {Now: now, Limit: 21, Tags: []string{"tag-7", "tag-8"}},
		"all of":  {Now: now, Limit: 21, AllTags: []string{"tag-7", "tag-8"}},
		"one tag": {Now: now, Limit: 21, Tags: []string{"tag-7"}, Sort: content.SortTitle},
	} {
		lines, err := st.ExplainListPosts(context.Background(), f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if plan := strings.Join(lines, "\n  "); !strings.Contains(plan, want) {
			t.Errorf("%s: no %s in the plan:\n  %s", name, want, plan)
		}
	}
}

// TestTagPageReadsItsLinks checks that a public list of one tag in publish
// order reads that tag's links from its first in order
// (post_tags_tag_published), with no sort, and only then the posts they
// name: walking posts newest first and probing each one's links read
// every post for a tag that few or none have.
func TestTagPageReadsItsLinks(t *testing.T) {
	st, now, after := sqlitePlans(t, "reads SQLite's EXPLAIN QUERY PLAN; TestTagLinksFollowTheirPosts checks the results on both")
	// The packed tags of each post are sorted by position: the plain list's
	// plan has that sort, and a tag page's may have no other.
	plain, err := st.ExplainListPosts(context.Background(), content.PostFilter{Now: now, Limit: 21})
	if err != nil {
		t.Fatal(err)
	}
	sorts := strings.Count(strings.Join(plain, "\n"), "TEMP B-TREE")
	for name, f := range map[string]content.PostFilter{
		"newest":     {Now: now, Limit: 21, Tags: []string{"tag-7"}},
		"next page":  {Now: now, Limit: 21, Tags: []string{"tag-7"}, After: after},
		"oldest":     {Now: now, Limit: 21, Tags: []string{"tag-7"}, Sort: content.SortPublishedAsc},
		"all of":     {Now: now, Limit: 21, AllTags: []string{"tag-7", "tag-8"}},
		"and author": {Now: now, Limit: 21, Tags: []string{"tag-7"}, AuthorSlug: "author-3"},
	} {
		lines, err := st.ExplainListPosts(context.Background(), f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		plan := strings.Join(lines, "\n  ")
		first := "" // the outer loop: the first of posts and lk the plan reads
		for _, line := range lines {
			if strings.HasPrefix(line, "SEARCH lk ") || strings.HasPrefix(line, "SEARCH posts ") || strings.HasPrefix(line, "SCAN ") {
				first = line
				break
			}
		}
		if !strings.HasPrefix(first, "SEARCH lk USING") || !strings.Contains(first, "post_tags_tag_published") ||
			strings.Count(plan, "TEMP B-TREE") > sorts {
			t.Errorf("%s: not a walk of the tag's links in order:\n  %s", name, plan)
		}
	}
}

// sqlitePlans skips t (saying why) unless it runs on SQLite, and returns
// a store of 300 seeded posts, a time after them all, and a cursor deep in
// them.
func sqlitePlans(t *testing.T, why string) (*store.Store, time.Time, *content.Keyset) {
	t.Helper()
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip(why)
	}
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 300)
	return st, testutil.SeedBase.Add(time.Hour),
		&content.Keyset{Time: testutil.SeedBase.Add(-100 * time.Hour), ID: "01ZZZZZZZZZZZZZZZZZZZZZZZZ"}
}
