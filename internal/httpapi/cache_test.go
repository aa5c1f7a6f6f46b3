package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func xcache(t *testing.T, s *testutil.Server, path, token string) string {
	t.Helper()
	res := s.Get(t, path, token)
	if res.Status != 200 {
		t.Fatalf("GET %s: %d", path, res.Status)
	}
	return res.Header.Get("X-Cache")
}

// TestWriteInvalidatesExactlyWhatItTouches warms a set of entries, makes one
// write, and checks which entries were dropped (MISS) and which stayed (HIT).
func TestWriteInvalidatesExactlyWhatItTouches(t *testing.T) {
	s := testutil.NewServer(t)
	ann := s.MustUser(t, "Ann Author", content.RoleAuthor)
	bob := s.MustUser(t, "Bob Writer", content.RoleAuthor)
	edTok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	a := s.MustPost(t, ann, testutil.Published("Alpha", "go"))
	b := s.MustPost(t, bob, testutil.Published("Beta", "rust"))
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/listings", Token: edTok, Body: `{"slug":"home","title":"Home","kind":"rule"}`})
	paths := []string{"/v1/posts", "/v1/posts?tag=go", "/v1/posts/" + a.Slug, "/v1/posts/" + b.Slug, "/v1/tags", "/v1/tags/rust",
		"/v1/authors", "/v1/authors/bob-writer", "/v1/listings", "/feed.xml", "/v1/archive"}
	warm := func() {
		for _, p := range paths {
			xcache(t, s, p, "")
			if got := xcache(t, s, p, ""); got != "HIT" {
				t.Fatalf("%s not cached on the second read: %q", p, got)
			}
		}
	}
	cases := []struct {
		name    string
		write   testutil.Request
		dropped map[string]bool
	}{
		{"edit post Alpha", testutil.Request{Method: "PATCH", Path: "/v1/posts/" + a.ID, Token: edTok, Body: `{"title":"Alpha 2"}`},
			map[string]bool{"/v1/posts": true, "/v1/posts?tag=go": true, "/v1/posts/" + a.Slug: true, "/v1/tags": true,
				"/v1/tags/rust": true, "/v1/authors": true, "/v1/authors/bob-writer": true, "/feed.xml": true, "/v1/archive": true}},
		{"edit listing", testutil.Request{Method: "PATCH", Path: "/v1/listings/home", Token: edTok, Body: `{"title":"Home 2"}`},
			map[string]bool{"/v1/listings": true}},
	}
	for _, c := range cases {
		warm()
		if res := s.Do(t, c.write); res.Status != 200 {
			t.Fatalf("%s: %d %s", c.name, res.Status, res.Body)
		}
		for _, p := range paths {
			got := xcache(t, s, p, "")
			if want := map[bool]string{true: "MISS", false: "HIT"}[c.dropped[p]]; got != want {
				t.Errorf("%s: %s is %s, want %s", c.name, p, got, want)
			}
		}
	}
	// The write is visible at once, and the single post of Beta was untouched.
	if body := string(s.Get(t, "/v1/posts/"+a.Slug, "").Body); !strings.Contains(body, "Alpha 2") {
		t.Fatal("stale post after the write")
	}
}

func TestScheduledPostAppearsInCachedList(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	s.MustPost(t, u, testutil.Published("Now"))
	in := testutil.Published("Later")
	at := s.Clock.Now().Add(time.Hour)
	atp := &at
	in.PublishedAt = &atp
	s.MustPost(t, u, in)
	xcache(t, s, "/v1/posts", "")
	if got := xcache(t, s, "/v1/posts", ""); got != "HIT" {
		t.Fatalf("list not cached: %s", got)
	}
	if strings.Contains(string(s.Get(t, "/v1/posts", "").Body), "Later") {
		t.Fatal("scheduled post visible early")
	}
	s.Clock.Advance(time.Hour + time.Second)
	res := s.Get(t, "/v1/posts", "")
	if !strings.Contains(string(res.Body), `"title":"Later"`) || res.Header.Get("X-Cache") != "MISS" {
		t.Fatalf("scheduled post not in the cached list at its time (%s)", res.Header.Get("X-Cache"))
	}
}

func TestTokenBypassesCacheAnd304ComesFromCache(t *testing.T) {
	s := testutil.NewServer(t)
	u := s.MustUser(t, "Ann Author", content.RoleAuthor)
	tok := s.Token(t, u)
	s.MustPost(t, u, testutil.Published("Cached"))
	first := s.Get(t, "/v1/posts", "")
	if got := xcache(t, s, "/v1/posts", tok); got != "" {
		t.Fatalf("a token read went through the cache: %q", got)
	}
	if res := s.Get(t, "/v1/posts", tok); res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("token read cache-control %q", res.Header.Get("Cache-Control"))
	}
	queries := 0
	// The test server projects the read models before each GET (the
	// search index and the post views; nothing is stale here); every other
	// statement counts.
	if err := s.Store.Observe(func(_ context.Context, _, table string, _ time.Duration, _ error) {
		if table != "post_views" && table != "search_pending" {
			queries++
		}
	}); err != nil {
		t.Fatal(err)
	}
	res := s.Do(t, testutil.Request{Method: "GET", Path: "/v1/posts", Header: map[string]string{"If-None-Match": first.Header.Get("ETag")}})
	if res.Status != 304 || res.Header.Get("X-Cache") != "HIT" || queries != 0 {
		t.Fatalf("304: status %d, X-Cache %q, %d queries", res.Status, res.Header.Get("X-Cache"), queries)
	}
	// A 304 carries the validators and what guides caches (RFC 9110
	// §15.4.5), the surrogate keys, and this request's own ids; not the
	// body's metadata (Content-Type, Link, Content-Length).
	for _, k := range []string{"ETag", "Cache-Control", "Vary", "Surrogate-Key"} {
		if got, want := res.Header.Get(k), first.Header.Get(k); got != want || got == "" {
			t.Errorf("304 %s = %q, want the 200's %q", k, got, want)
		}
	}
	for _, k := range []string{"Content-Type", "Link", "Content-Length"} {
		if v := res.Header.Get(k); v != "" {
			t.Errorf("304 carries %s: %q", k, v)
		}
	}
	if id := res.Header.Get("X-Request-Id"); id == "" || id == first.Header.Get("X-Request-Id") {
		t.Errorf("304 X-Request-Id %q: want one of its own (the 200 had %q)", id, first.Header.Get("X-Request-Id"))
	}
	// A hit is the miss's response, with this request's ids.
	hit := s.Get(t, "/v1/posts", "")
	for k := range first.Header {
		switch k {
		case "X-Request-Id", "Traceparent", "X-Cache", "Date", "Content-Length":
			continue
		}
		if got, want := hit.Header.Values(k), first.Header.Values(k); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("hit %s = %q, the miss had %q", k, got, want)
		}
	}
	if hit.Header.Get("Content-Length") != fmt.Sprint(len(hit.Body)) || hit.Header.Get("Traceparent") == first.Header.Get("Traceparent") {
		t.Errorf("hit: Content-Length %q for %d bytes, traceparent %q", hit.Header.Get("Content-Length"), len(hit.Body),
			hit.Header.Get("Traceparent"))
	}
}

func TestCacheStaysWithinItsByteBound(t *testing.T) {
	const bound = 256 << 10
	c := cache.New(bound)
	body := make([]byte, 3000)
	for i := range 5000 {
		key := fmt.Sprintf("/v1/posts?q=word%d", i)
		c.Set(key, &cache.Entry{Body: body, ETag: `"x"`, Keys: []string{"posts"}}, c.Gen())
	}
	st := c.Stats()
	if st.Bytes > bound || st.Entries == 0 {
		t.Fatalf("cache holds %d bytes in %d entries; bound %d", st.Bytes, st.Entries, bound)
	}
	if n := c.Invalidate("posts"); n == 0 || c.Stats().Entries != 0 {
		t.Fatalf("invalidate posts dropped %d, %d left", n, c.Stats().Entries)
	}
}

// TestReadRacingWriteIsNotCached checks the generation guard: an entry
// computed before an invalidation is refused.
func TestReadRacingWriteIsNotCached(t *testing.T) {
	c := cache.New(1 << 20)
	gen := c.Gen()
	c.Invalidate("posts") // a write commits while the read runs
	c.Set("/v1/posts", &cache.Entry{Body: []byte("old"), Keys: []string{"posts"}}, gen)
	if _, ok := c.Get("/v1/posts"); ok {
		t.Fatal("a response computed before a write was cached")
	}
}
