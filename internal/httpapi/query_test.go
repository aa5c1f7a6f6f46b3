package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func ids(list api.PostList) []string {
	out := make([]string, len(list.Data))
	for i, p := range list.Data {
		out[i] = p.Title
	}
	return out
}

func TestFiltersAndSorts(t *testing.T) {
	s := testutil.NewServer(t)
	ann := s.MustUser(t, "Ann Author", content.RoleAuthor)
	bob := s.MustUser(t, "Bob Writer", content.RoleAuthor)
	mk := func(u content.User, title string, featured bool, tags ...string) {
		in := testutil.Published(title, tags...)
		in.Featured = &featured
		s.MustPost(t, u, in)
		s.Clock.Advance(time.Hour)
	}
	mk(ann, "A go", false, "go")
	mk(bob, "B go db", true, "go", "db")
	mk(ann, "C db", false, "db")
	mk(bob, "D none", true)
	cases := map[string]string{
		"/v1/posts":                       "[D none C db B go db A go]",
		"/v1/posts?sort=published_at":     "[A go B go db C db D none]",
		"/v1/posts?sort=title":            "[A go B go db C db D none]",
		"/v1/posts?sort=-updated_at":      "[D none C db B go db A go]",
		"/v1/posts?tag=go":                "[B go db A go]",
		"/v1/posts?tag=go,db":             "[C db B go db A go]",
		"/v1/posts?all_tags=go,db":        "[B go db]",
		"/v1/posts?author=bob-writer":     "[D none B go db]",
		"/v1/posts?featured=true":         "[D none B go db]",
		"/v1/posts?featured=false&tag=db": "[C db]",
		"/v1/posts?author=nobody":         "[]",
		"/v1/posts?published_after=" + url.QueryEscape(s.Clock.Now().Add(-150*time.Minute).Format(time.RFC3339)):  "[D none C db]",
		"/v1/posts?published_before=" + url.QueryEscape(s.Clock.Now().Add(-150*time.Minute).Format(time.RFC3339)): "[B go db A go]",
	}
	for path, want := range cases {
		var list api.PostList
		res := s.Get(t, path, "")
		res.JSON(t, &list)
		if got := fmt.Sprint(ids(list)); res.Status != 200 || got != want {
			t.Errorf("GET %s: %d %s, want %s", path, res.Status, got, want)
		}
	}
	var sparse struct {
		Data []map[string]any `json:"data"`
	}
	s.Get(t, "/v1/posts?fields=title,tags&limit=1", "").JSON(t, &sparse)
	if len(sparse.Data[0]) != 3 || sparse.Data[0]["title"] != "D none" || sparse.Data[0]["id"] == nil {
		t.Fatalf("sparse fields: %v", sparse.Data[0])
	}
	var withBody api.PostList
	s.Get(t, "/v1/posts?fields=body_html&limit=1", "").JSON(t, &withBody)
	if withBody.Data[0].BodyHTML == nil || !strings.Contains(*withBody.Data[0].BodyHTML, "<h2") {
		t.Fatal("fields=body_html did not load the body")
	}
}

// TestCursorWalkWithInsertsBetweenPages pages through 500 posts while new
// posts are published between page reads: the reader sees every original
// post exactly once, in order.
func TestCursorWalkWithInsertsBetweenPages(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	ctx := testutil.As(context.Background(), u)
	original := map[string]bool{}
	for i := range 500 {
		in := testutil.Published(fmt.Sprintf("Post %03d", i), fmt.Sprintf("t%d", i%5))
		at := s.Clock.Now().Add(-time.Duration(500-i/2) * time.Minute) // pairs share a time: ties broken by id
		atp := &at
		in.PublishedAt = &atp
		p, err := s.Service.CreatePost(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		original[p.ID] = true
	}
	seen := map[string]bool{}
	var lastAt time.Time
	path := "/v1/posts?limit=37"
	for pages := 0; path != ""; pages++ {
		var page api.PostList
		res := s.Get(t, path, "")
		res.JSON(t, &page)
		for _, p := range page.Data {
			if seen[p.ID] {
				t.Fatalf("post %s repeated", p.Title)
			}
			seen[p.ID] = true
			if !lastAt.IsZero() && p.PublishedAt.After(lastAt) && original[p.ID] {
				t.Fatalf("order broken at %s", p.Title)
			}
			lastAt = *p.PublishedAt
		}
		s.MustPost(t, u, testutil.Published(fmt.Sprintf("Fresh %d", pages))) // published between two reads
		path = ""
		if page.Meta.NextCursor != nil {
			if want := "cursor=" + url.QueryEscape(*page.Meta.NextCursor); !strings.Contains(res.Header.Get("Link"), want) {
				t.Fatalf("Link header %q lacks the cursor", res.Header.Get("Link"))
			}
			path = "/v1/posts?limit=37&cursor=" + url.QueryEscape(*page.Meta.NextCursor)
		}
	}
	for id := range original {
		if !seen[id] {
			t.Fatalf("post %s skipped", id)
		}
	}
}

func TestTamperedAndForeignCursors(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	for i := range 3 {
		s.MustPost(t, u, testutil.Published(fmt.Sprintf("P%d", i), "go"))
	}
	var page api.PostList
	s.Get(t, "/v1/posts?limit=1", "").JSON(t, &page)
	cur := *page.Meta.NextCursor
	body, sig, _ := strings.Cut(cur, ".")
	flipped := []byte(body)
	flipped[3] ^= 1
	for name, path := range map[string]string{
		"flipped payload": "/v1/posts?limit=1&cursor=" + url.QueryEscape(string(flipped)+"."+sig),
		"no signature":    "/v1/posts?limit=1&cursor=" + url.QueryEscape(body),
		"other sort":      "/v1/posts?limit=1&sort=title&cursor=" + url.QueryEscape(cur),
		"other filter":    "/v1/posts?limit=1&tag=go&cursor=" + url.QueryEscape(cur),
		"tags list":       "/v1/tags?cursor=" + url.QueryEscape(cur),
	} {
		if res := s.Get(t, path, ""); res.Status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	if res := s.Get(t, "/v1/posts?limit=2&cursor="+url.QueryEscape(cur), ""); res.Status != 200 {
		t.Fatalf("another page size with the same cursor: %d", res.Status)
	}
}

func TestOldSlugRedirects(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"First name","status":"published","tags":["x"]}`})
	var p api.Post
	res.JSON(t, &p)
	for _, slug := range []string{"second-name", "third-name"} {
		if res := s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok, Body: `{"slug":"` + slug + `"}`}); res.Status != 200 {
			t.Fatalf("rename: %d %s", res.Status, res.Body)
		}
	}
	for _, old := range []string{"first-name", "second-name"} {
		res := s.Get(t, "/v1/posts/"+old, "")
		if res.Status != http.StatusMovedPermanently || res.Header.Get("Location") != "/v1/posts/third-name" {
			t.Fatalf("GET old slug %s: %d %q", old, res.Status, res.Header.Get("Location"))
		}
	}
	if res := s.Get(t, "/v1/posts/first-name/related", ""); res.Status != 301 || res.Header.Get("Location") != "/v1/posts/third-name/related" {
		t.Fatalf("related by old slug: %d %q", res.Status, res.Header.Get("Location"))
	}
	// A new post may take an old slug; then it is no longer a redirect.
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"Other","slug":"first-name","status":"published"}`})
	if res := s.Get(t, "/v1/posts/first-name", ""); res.Status != 200 {
		t.Fatalf("reused slug: %d", res.Status)
	}
	// An old slug of a draft never redirects the public to it.
	s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok, Body: `{"status":"draft"}`})
	if res := s.Get(t, "/v1/posts/second-name", ""); res.Status != 404 {
		t.Fatalf("old slug of a draft: %d", res.Status)
	}
}

func TestRelatedAndArchive(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	base := s.MustPost(t, u, testutil.Published("Base", "a", "b", "c"))
	s.MustPost(t, u, testutil.Published("Shares one", "a"))
	s.MustPost(t, u, testutil.Published("Shares three", "a", "b", "c"))
	s.MustPost(t, u, testutil.Published("Shares two", "b", "c"))
	s.MustPost(t, u, testutil.Published("Shares none", "z"))
	s.MustPost(t, u, testutil.Draft("Draft sharing"))
	var rel api.RelatedPosts
	s.Get(t, "/v1/posts/"+base.Slug+"/related?limit=3", "").JSON(t, &rel)
	var titles []string
	for _, p := range rel.Data {
		titles = append(titles, p.Title)
	}
	if fmt.Sprint(titles) != "[Shares three Shares two Shares one]" {
		t.Fatalf("related: %v", titles)
	}
	var arch api.Archive
	s.Get(t, "/v1/archive", "").JSON(t, &arch)
	now := s.Clock.Now()
	if len(arch.Data) != 1 || arch.Data[0].Year != now.Year() || arch.Data[0].Month != int(now.Month()) || arch.Data[0].Count != 5 {
		t.Fatalf("archive: %+v", arch.Data)
	}
}

func TestListings(t *testing.T) {
	s := testutil.NewServer(t)
	ed := s.MustUser(t, "Ed Editor", content.RoleEditor)
	tok := s.Token(t, ed)
	a := s.MustPost(t, ed, testutil.Published("Alpha", "go"))
	b := s.MustPost(t, ed, testutil.Published("Beta", "rust"))
	c := s.MustPost(t, ed, testutil.Published("Gamma", "go"))
	d := s.MustPost(t, ed, testutil.Draft("Delta draft"))
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/listings", Token: tok, Body: map[string]any{
		"slug": "picks", "title": "Editor's picks", "kind": "manual", "post_ids": []string{c.ID, d.ID, a.ID, b.ID}}})
	if res.Status != 201 {
		t.Fatalf("create manual: %d %s", res.Status, res.Body)
	}
	var lp api.ListingWithPosts
	s.Get(t, "/v1/listings/picks?limit=2", "").JSON(t, &lp)
	if got := fmt.Sprint(ids(lp.Posts)); got != "[Gamma Alpha]" || lp.Posts.Meta.NextCursor == nil {
		t.Fatalf("manual page 1: %s", got)
	}
	s.Get(t, "/v1/listings/picks?limit=2&cursor="+url.QueryEscape(*lp.Posts.Meta.NextCursor), "").JSON(t, &lp)
	if got := fmt.Sprint(ids(lp.Posts)); got != "[Beta]" || lp.Posts.Meta.NextCursor != nil {
		t.Fatalf("manual page 2: %s", got)
	}
	res = s.Do(t, testutil.Request{Method: "POST", Path: "/v1/listings", Token: tok, Body: map[string]any{
		"slug": "go", "title": "Go", "kind": "rule", "rule": map[string]any{"tags": []string{"go"}, "sort": "title", "limit": 10}}})
	if res.Status != 201 {
		t.Fatalf("create rule: %d %s", res.Status, res.Body)
	}
	s.Get(t, "/v1/listings/go", "").JSON(t, &lp)
	if got := fmt.Sprint(ids(lp.Posts)); got != "[Alpha Gamma]" || lp.Posts.Meta.Limit != 10 {
		t.Fatalf("rule listing: %s limit %d", got, lp.Posts.Meta.Limit)
	}
	var all api.ListingList
	s.Get(t, "/v1/listings", "").JSON(t, &all)
	if len(all.Data) != 2 {
		t.Fatalf("listings: %d", len(all.Data))
	}
	author := s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor))
	for _, req := range []testutil.Request{
		{Method: "POST", Path: "/v1/listings", Token: author, Body: `{"slug":"x","title":"x","kind":"manual"}`},
		{Method: "PATCH", Path: "/v1/listings/go", Token: author, Body: `{"title":"x"}`},
		{Method: "DELETE", Path: "/v1/listings/go", Token: author},
	} {
		if res := s.Do(t, req); res.Status != 403 {
			t.Fatalf("author %s listing: %d", req.Method, res.Status)
		}
	}
	bad := map[string]string{
		"unknown post": `{"slug":"bad","title":"b","kind":"manual","post_ids":["` + content.NewID() + `"]}`,
		"bad kind":     `{"slug":"bad","title":"b","kind":"magic"}`,
		"bad sort":     `{"slug":"bad","title":"b","kind":"rule","rule":{"sort":"id; drop"}}`,
		"taken slug":   `{"slug":"go","title":"b","kind":"rule"}`,
	}
	for name, body := range bad {
		res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/listings", Token: tok, Body: body})
		if res.Status != 422 && !(name == "taken slug" && res.Status == 409) {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
	res = s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/listings/picks", Token: tok, Body: `{"post_ids":["` + b.ID + `"]}`})
	if res.Status != 200 {
		t.Fatalf("patch listing: %d %s", res.Status, res.Body)
	}
	s.Get(t, "/v1/listings/picks", "").JSON(t, &lp)
	if got := fmt.Sprint(ids(lp.Posts)); got != "[Beta]" || lp.Version != 2 {
		t.Fatalf("after patch: %s v%d", got, lp.Version)
	}
	if res := s.Do(t, testutil.Request{Method: "DELETE", Path: "/v1/listings/picks", Token: tok}); res.Status != 204 {
		t.Fatalf("delete listing: %d", res.Status)
	}
	if res := s.Get(t, "/v1/listings/picks", ""); res.Status != 404 {
		t.Fatalf("deleted listing: %d", res.Status)
	}
}
