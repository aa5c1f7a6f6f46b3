package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// walkSearch pages through a relevance search of q, size posts a page,
// and returns every post in order.
func walkSearch(t *testing.T, st *store.Store, q string, size int, tags ...string) []content.Post {
	t.Helper()
	return walkPages(t, st, content.PostFilter{Now: testutil.SeedBase, Limit: size, Query: q, Sort: content.SortRelevance, Tags: tags})
}

// walkPages follows the cursors of f's list, f.Limit posts a page, and
// returns every post in order.
func walkPages(t *testing.T, st *store.Store, f content.PostFilter) []content.Post {
	t.Helper()
	return follow(t, f, func(f content.PostFilter) ([]content.Post, error) {
		return st.ListPosts(context.Background(), f)
	}, func(p content.Post) content.Keyset { return store.KeysetOf(p, f.Sort) })
}

// follow reads every page of f through list, continuing after the key
// (as key gives it) of the item that ends each full page; more than 1000
// pages fail t (a cursor that does not advance).
func follow[T any](t *testing.T, f content.PostFilter, list func(content.PostFilter) ([]T, error), key func(T) content.Keyset) []T {
	t.Helper()
	var all []T
	for range 1000 {
		page, err := list(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			return all
		}
		k := key(page[len(page)-1])
		f.After = &k
	}
	t.Fatal("more than 1000 pages")
	return nil
}

// TestSearchWindow checks the ranking window on either database: the
// newest matches come first by rank, the older ones after them, newest
// first, and a walk of the pages sees every match once, the same set as a
// search that ranks them all.
func TestSearchWindow(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 200)
	const q = "latenc" // a prefix: the store spells out the words it begins
	n, err := st.CountPosts(context.Background(), content.PostFilter{Now: testutil.SeedBase, Query: q})
	if err != nil || n < 20 {
		t.Fatalf("seed has %d matches (%v); the test needs 20", n, err)
	}

	st.SetSearchWindow(1000)
	exact := walkSearch(t, st, q, 7)
	if len(exact) != n {
		t.Fatalf("exact walk saw %d of %d", len(exact), n)
	}
	for i, p := range exact {
		if p.Rank >= 0 || i > 0 && p.Rank < exact[i-1].Rank {
			t.Fatalf("exact ranks out of order at %d: %v after %v", i, p.Rank, exact[i-1].Rank)
		}
		if p.Snippet == "" {
			t.Fatalf("post %s has no snippet", p.Slug)
		}
	}
	// A filtered search is the unfiltered order restricted to the filter.
	var want []string
	for _, p := range exact {
		for _, tag := range p.Tags {
			if tag.Slug == "tag-7" {
				want = append(want, p.ID)
			}
		}
	}
	var tagged []string
	for _, p := range walkSearch(t, st, q, 3, "tag-7") {
		tagged = append(tagged, p.ID)
	}
	if len(want) == 0 || !slices.Equal(tagged, want) {
		t.Fatalf("tag-filtered search: %d posts, want the %d of the unfiltered order", len(tagged), len(want))
	}

	const window = 8
	st.SetSearchWindow(window)
	got := walkSearch(t, st, q, 5)
	if len(got) != n {
		t.Fatalf("windowed walk saw %d of %d", len(got), n)
	}
	seen := map[string]bool{}
	for _, p := range exact {
		seen[p.ID] = true
	}
	for i, p := range got {
		if !seen[p.ID] {
			t.Fatalf("windowed walk repeated or invented %s", p.Slug)
		}
		delete(seen, p.ID)
		ranked := p.Rank < 0
		if ranked != (i < window) {
			t.Fatalf("post %d (%s) ranked=%v with a window of %d", i, p.Slug, ranked, window)
		}
		if i > 0 && p.Rank < got[i-1].Rank {
			t.Fatalf("windowed order broken at %d: %v after %v", i, p.Rank, got[i-1].Rank)
		}
	}
	// Newest means inserted last: the largest rowid on SQLite, the largest
	// (time-ordered) id on PostgreSQL. The seed inserts newest-published
	// first, so on SQLite the window holds the oldest published posts and
	// the older tier continues by insertion order: ever newer publication
	// times. PostgreSQL's ids order by the millisecond of insertion only,
	// so there the check is on the ids themselves.
	for i := window + 1; i < len(got); i++ {
		if testutil.Dialect() == store.DialectSQLite && !got[i].PublishedAt.After(*got[i-1].PublishedAt) {
			t.Fatalf("older tier not in insertion order at %d", i)
		}
		if testutil.Dialect() == store.DialectPostgres && got[i].ID >= got[i-1].ID {
			t.Fatalf("older tier not newest id first at %d", i)
		}
	}
	if testutil.Dialect() == store.DialectPostgres {
		for _, ranked := range got[:window] {
			if ranked.ID <= got[window].ID {
				t.Fatalf("ranked %s is older than the older tier's first, %s", ranked.ID, got[window].ID)
			}
		}
	}
}

// TestSearchIndexFollowsWrites checks the SQLite search projection: a
// write is searchable once IndexSearch has run, an edit replaces the old
// words, a delete removes the post, and a rowid reused by a new post
// carries the new post's words only.
func TestSearchIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	now := testutil.SeedBase
	u := content.User{ID: content.NewID(), Email: "a@example.com", Slug: "a", Name: "A", Role: content.RoleAuthor,
		PasswordHash: "-", TokenVersion: 1, CreatedAt: now, UpdatedAt: now}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	newPost := func(slug, body string) content.Post {
		return content.Post{ID: content.NewID(), Slug: slug, Title: "Post " + slug, Status: content.StatusPublished,
			PublishedAt: &now, BodyMarkdown: body, Author: content.AuthorRef{ID: u.ID}, Version: 1,
			CreatedAt: now, UpdatedAt: now}
	}
	search := func(q string) []string {
		t.Helper()
		posts, err := st.ListPosts(ctx, content.PostFilter{Now: now, Limit: 10, Query: q, Sort: content.SortRelevance})
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, p := range posts {
			slugs = append(slugs, p.Slug)
		}
		return slugs
	}
	index := func(want int) {
		t.Helper()
		n, err := st.IndexSearch(ctx)
		if err != nil || (st.Dialect() == store.DialectSQLite && n != want) {
			t.Fatalf("indexed %d posts, want %d (%v)", n, want, err)
		}
	}

	p := newPost("first", "about gophers")
	if _, err := st.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if st.Dialect() == store.DialectSQLite {
		if got := search("gophers"); len(got) != 0 {
			t.Fatalf("found before indexing: %v", got)
		}
	}
	index(1)
	if got := search("gophers"); len(got) != 1 {
		t.Fatalf("not found once indexed: %v", got)
	}
	p.BodyMarkdown, p.Version = "about otters", 2
	if _, err := st.UpdatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	index(1)
	if got := search("gophers"); len(got) != 0 {
		t.Fatalf("old words still match: %v", got)
	}
	if got := search("otters"); len(got) != 1 {
		t.Fatalf("new words do not match: %v", got)
	}
	if err := st.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	q := newPost("second", "about badgers") // takes the freed rowid on SQLite
	if _, err := st.CreatePost(ctx, q); err != nil {
		t.Fatal(err)
	}
	index(1)
	if got := search("otters"); len(got) != 0 {
		t.Fatalf("deleted post still matches: %v", got)
	}
	if got := search("badgers"); len(got) != 1 || got[0] != "second" {
		t.Fatalf("new post on a reused rowid: %v", got)
	}
	index(0)
}

// TestSearchFiltersFollowWrites checks that a search's filters see a write
// at once, without IndexSearch (only the words wait for the projector):
// featuring and changing the author move a match between filters,
// rescheduling and unpublishing hide it from the public, and a delete
// removes it; a count agrees with its list each time.
func TestSearchFiltersFollowWrites(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	now := testutil.SeedBase
	ann, bob := mustUser(t, st, "ann"), mustUser(t, st, "bob")
	p := newPost(ann, "walrus", now)
	p.BodyMarkdown = "about walruses"
	if _, err := st.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	count := func(f content.PostFilter) int {
		t.Helper()
		f.Now, f.Limit, f.Query, f.Sort = now, 10, "walruses", content.SortRelevance
		posts, err := st.ListPosts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := st.CountPosts(ctx, f)
		if err != nil || n != len(posts) {
			t.Fatalf("count %d, list %d (%v)", n, len(posts), err)
		}
		return len(posts)
	}
	update := func(change func(*content.Post)) {
		t.Helper()
		change(&p)
		p.Version++
		p.UpdatedAt = p.UpdatedAt.Add(time.Minute)
		if _, err := st.UpdatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if count(content.PostFilter{}) != 1 || count(content.PostFilter{Featured: &yes}) != 0 || count(content.PostFilter{AuthorSlug: "ann"}) != 1 {
		t.Fatal("a new published post is not found as it is")
	}
	update(func(p *content.Post) { p.Featured, p.Author.ID = true, bob.ID })
	if count(content.PostFilter{Featured: &yes}) != 1 || count(content.PostFilter{Featured: &no}) != 0 ||
		count(content.PostFilter{AuthorSlug: "ann"}) != 0 || count(content.PostFilter{AuthorSlug: "bob"}) != 1 {
		t.Fatal("featuring and changing the author did not reach the search filters")
	}
	later := now.Add(time.Hour)
	update(func(p *content.Post) { p.PublishedAt = &later }) // scheduled
	if count(content.PostFilter{}) != 0 || count(content.PostFilter{Status: content.FilterScheduled}) != 1 {
		t.Fatal("a rescheduled post is still searched as published")
	}
	update(func(p *content.Post) { p.Status, p.PublishedAt = content.StatusDraft, nil })
	if count(content.PostFilter{}) != 0 || count(content.PostFilter{Status: content.FilterDraft}) != 1 {
		t.Fatal("an unpublished post is still searched as published")
	}
	if err := st.DeletePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if count(content.PostFilter{Status: content.FilterAny}) != 0 {
		t.Fatal("a deleted post is still found")
	}
}

// TestSearchByDate walks a search in publication order: every match once,
// newest first, and the same set as relevance finds.
func TestSearchByDate(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 120)
	const q = "latency"
	got := walkPages(t, st, content.PostFilter{Now: testutil.SeedBase, Limit: 7, Query: q, Sort: content.SortPublishedDesc})
	byRank := walkSearch(t, st, q, 50)
	if len(got) == 0 || len(got) != len(byRank) {
		t.Fatalf("by date %d posts, by relevance %d", len(got), len(byRank))
	}
	seen := map[string]bool{}
	for _, p := range byRank {
		seen[p.ID] = true
	}
	for i, p := range got {
		if !seen[p.ID] {
			t.Fatalf("post %s twice or not a match", p.Slug)
		}
		delete(seen, p.ID)
		if i > 0 && p.PublishedAt.After(*got[i-1].PublishedAt) {
			t.Fatalf("not newest first at %d", i)
		}
		if p.Snippet == "" {
			t.Fatalf("post %s has no snippet", p.Slug)
		}
	}
}

// TestSearchOlderTierOutlivesTheWindow checks that a reader paging through
// the older tier (matches older than the ranking window) sees every match
// once even when the window moves between two pages: deletes in the window
// or a larger FOLIO_SEARCH_WINDOW move its floor to older matches, and the
// next page then still continues below the cursor, not below the new floor.
func TestSearchOlderTierOutlivesTheWindow(t *testing.T) {
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 200)
	const q = "latenc"
	n, err := st.CountPosts(context.Background(), content.PostFilter{Now: testutil.SeedBase, Query: q})
	if err != nil || n < 20 {
		t.Fatalf("seed has %d matches (%v); the test needs 20", n, err)
	}
	for _, later := range []int{12, 1000} { // the floor moves older; every match fits
		st.SetSearchWindow(8)
		f := content.PostFilter{Now: testutil.SeedBase, Limit: 5, Query: q, Sort: content.SortRelevance}
		seen := map[string]int{}
		for page := 0; ; page++ {
			if page == 2 { // the cursor is in the older tier: items 8 and 9 were older than the window
				st.SetSearchWindow(later)
			}
			posts, err := st.ListPosts(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range posts {
				seen[p.ID]++
			}
			if len(posts) < f.Limit {
				break
			}
			k := store.KeysetOf(posts[len(posts)-1], f.Sort)
			f.After = &k
		}
		if len(seen) != n {
			t.Fatalf("window 8 then %d: the walk saw %d of %d matches", later, len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Fatalf("window 8 then %d: %s seen %d times", later, id, c)
			}
		}
	}
}

// TestSearchTiesKeepTheirOrder checks that equally relevant matches come
// newest first (the last written on SQLite, the largest time-ordered id
// on PostgreSQL), page after page, so that a cursor inside a run of ties
// neither repeats nor skips one. The posts are written in ascending id
// order, so an order by id alone would be the reverse of the answer.
// (It guards any shortcut that ranks before reading posts: one tried in
// the fifth session failed it when it cut a run of ties.)
func TestSearchTiesKeepTheirOrder(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	ids := make([]string, 30)
	for i := range ids {
		ids[i] = content.NewID()
	}
	slices.Sort(ids)
	for i := range ids {
		p := newPost(u, fmt.Sprintf("tied-%02d", i), t0)
		p.ID, p.Title, p.BodyMarkdown = ids[i], "Tied", "The same words about gophers."
		if _, err := st.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(ids)
	for _, size := range []int{1, 3, 7} {
		got := walkPages(t, st, content.PostFilter{Now: t0.Add(time.Hour), Limit: size, Query: "gophers", Sort: content.SortRelevance})
		var order []string
		for _, p := range got {
			order = append(order, p.ID)
		}
		if !slices.Equal(order, ids) {
			t.Fatalf("pages of %d: tied matches came in this order:\n%v\nwant newest first:\n%v", size, order, ids)
		}
	}
}

// TestVacuumKeepsSearchOnItsPosts checks that VACUUM, which SQLite's
// documentation says may renumber the rowids of a table without an
// INTEGER PRIMARY KEY such as posts, leaves every search hit on its own
// post: the full-text index is keyed by posts' rowids. Deletes first leave
// gaps in the rowids and free pages for VACUUM to close.
func TestVacuumKeepsSearchOnItsPosts(t *testing.T) {
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip("VACUUM and rowids are SQLite's")
	}
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	word := func(i int) string { return fmt.Sprintf("zword%02dx", i) }
	var kept []content.Post // post i has word(i)
	for i := range 40 {
		p := newPost(u, fmt.Sprintf("post-%02d", i), t0)
		p.BodyMarkdown = "About " + word(i) + ". " + strings.Repeat("Filler words to fill pages. ", 200)
		if _, err := st.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, p)
	}
	for _, p := range kept[5:25] {
		if err := st.DeletePost(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	words := map[string]string{} // post id: its word
	for i, p := range kept {
		if i < 5 || i >= 25 {
			words[p.ID] = word(i)
		}
	}
	if _, err := st.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	for id, w := range words {
		got, err := st.ListPosts(ctx, content.PostFilter{Now: t0.Add(time.Hour), Limit: 5, Query: w, Sort: content.SortRelevance})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != id {
			t.Fatalf("after VACUUM a search for %s found %d posts, not post %s alone", w, len(got), id)
		}
	}
}

// TestShortLastWordIsAWholeWord checks, on either database, that a query's
// last word is matched as a prefix only from content.MinPrefixLen
// characters: "go" finds the post about Go and not the one about gophers
// (a one-letter prefix made FTS5 merge the index entries of every word it
// begins, 1.1 s a search at 100,000 posts), while "gop" finds the gophers.
func TestShortLastWordIsAWholeWord(t *testing.T) {
	ctx := context.Background()
	st := testutil.NewDB(t)
	u := mustUser(t, st, "ann")
	for slug, body := range map[string]string{"on-go": "Notes on Go and its tools.", "on-gophers": "Gophers dig tunnels."} {
		p := newPost(u, slug, t0)
		p.Title, p.BodyMarkdown = "Notes", body
		if _, err := st.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.IndexSearch(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"go": "on-go", "gop": "on-gophers", "notes go": "on-go", "tunnels gophers": "on-gophers"} {
		got, err := st.ListPosts(ctx, content.PostFilter{Now: t0.Add(time.Hour), Limit: 5, Query: q, Sort: content.SortRelevance})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Slug != want {
			var slugs []string
			for _, p := range got {
				slugs = append(slugs, p.Slug)
			}
			t.Errorf("q=%q found %v, want [%s]", q, slugs, want)
		}
		if n, err := st.CountPosts(ctx, content.PostFilter{Now: t0.Add(time.Hour), Query: q}); err != nil || n != 1 {
			t.Errorf("q=%q counts %d (%v), want 1", q, n, err)
		}
	}
}

// TestSearchRanksInTheIndex checks the SQLite shortcut of a broad search,
// which ranks the window in the full-text index alone and reads posts only
// for its best candidates: walked page by page, with hidden posts (drafts
// and scheduled ones) among the best matches, a few or more than it reads,
// and with a window smaller than the matches, it returns what the search
// that joins every match to its post returns (a filter that keeps every
// post makes the search take that path), and it answers the first page of
// the common case alone.
func TestSearchRanksInTheIndex(t *testing.T) {
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip("PostgreSQL ranks with its own statement")
	}
	ctx := context.Background()
	st := testutil.NewDB(t)
	testutil.SeedPosts(t, st, 200)
	const q = "latenc"
	far := testutil.SeedBase.AddDate(100, 0, 0)
	broad := content.PostFilter{Now: testutil.SeedBase, Limit: 7, Query: q, Sort: content.SortRelevance}
	joined := broad
	joined.PublishedBefore = &far

	first, exact, err := st.SearchRankedInIndex(ctx, broad)
	if err != nil || !exact || len(first) != broad.Limit {
		t.Fatalf("the shortcut answered %d posts, exact=%v (%v); want a full page from the index", len(first), exact, err)
	}
	ranked := walkSearch(t, st, q, 50)
	if len(ranked) < 30 {
		t.Fatalf("seed has %d matches; the test needs 30", len(ranked))
	}
	hidden := map[string]bool{}
	for _, step := range []struct {
		name string
		hide []content.Post
	}{
		{"nothing hidden", nil},
		{"a few of the best hidden", []content.Post{ranked[0], ranked[2], ranked[5]}},
		{"more of the best hidden than it reads", ranked[:24]}, // it reads 18 for a page of 1
	} {
		for i, p := range step.hide { // drafts and scheduled posts, in turn
			hidden[p.ID] = true
			sql, args := "UPDATE posts SET status = 'draft' WHERE id = ?", []any{p.ID}
			if i%2 == 1 {
				sql, args = "UPDATE posts SET published_at = ? WHERE id = ?", []any{far.Add(-time.Hour), p.ID}
			}
			if err := st.ExecSQL(ctx, sql, args...); err != nil {
				t.Fatal(err)
			}
		}
		for _, window := range []int{store.DefaultSearchWindow, 8} {
			st.SetSearchWindow(window)
			for _, size := range []int{1, 3, 7} {
				b, j := broad, joined
				b.Limit, j.Limit = size, size
				got, want := postKeys(walkPages(t, st, b)), postKeys(walkPages(t, st, j))
				if !slices.Equal(got, want) {
					t.Fatalf("%s, window %d, pages of %d: the shortcut walked\n%v\nthe join walked\n%v", step.name, window, size, got, want)
				}
				if len(got) != len(ranked)-len(hidden) {
					t.Fatalf("%s, window %d, pages of %d: walked %d of %d visible matches", step.name, window, size, len(got), len(ranked)-len(hidden))
				}
			}
		}
		st.SetSearchWindow(store.DefaultSearchWindow)
	}
}

// postKeys is each post's id and rank, in order.
func postKeys(posts []content.Post) []string {
	out := make([]string, len(posts))
	for i, p := range posts {
		out[i] = fmt.Sprintf("%s %.9g", p.ID, p.Rank)
	}
	return out
}
