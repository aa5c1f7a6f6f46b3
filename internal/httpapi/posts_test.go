package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func TestPostLifecycle(t *testing.T) {
	s := testutil.NewServer(t)
	author := s.MustUser(t, "Ann Author", content.RoleAuthor)
	tok := s.Token(t, author)

	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: map[string]any{
		"title": "Hello, World!", "body_markdown": "First paragraph here.\n\n## Part one\n\ntext", "tags": []string{"Go", "news", "go"},
	}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	var p api.Post
	res.JSON(t, &p)
	if res.Header.Get("Location") != "/v1/posts/"+p.ID || res.Header.Get("ETag") == "" {
		t.Fatalf("create headers: %v", res.Header)
	}
	if p.Slug != "hello-world" || p.Status != "draft" || p.Version != 1 || p.Excerpt != "First paragraph here." {
		t.Fatalf("created post: %+v", p)
	}
	if len(p.Tags) != 2 || p.Tags[0].Slug != "go" || p.Tags[1].Slug != "news" {
		t.Fatalf("tags not deduplicated in order: %+v", p.Tags)
	}
	if len(p.TOC) != 1 || p.TOC[0].Anchor != "part-one" || !strings.Contains(*p.BodyHTML, `id="part-one"`) {
		t.Fatalf("toc/anchors: %+v %s", p.TOC, *p.BodyHTML)
	}

	// A draft is invisible to the public and to other authors, visible to its author.
	other := s.Token(t, s.MustUser(t, "Otto Other", content.RoleAuthor))
	for _, who := range []string{"", other} {
		if r := s.Get(t, "/v1/posts/"+p.ID, who); r.Status != http.StatusNotFound {
			t.Fatalf("draft visible: %d", r.Status)
		}
	}
	if r := s.Get(t, "/v1/posts/hello-world", tok); r.Status != http.StatusOK {
		t.Fatalf("author cannot read own draft: %d", r.Status)
	}
	if r := s.Get(t, "/v1/posts", ""); strings.Contains(string(r.Body), p.ID) {
		t.Fatal("draft listed publicly")
	}

	// Publish through a merge patch.
	res = s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok,
		Body: `{"status":"published","cover_image":"https://img.example.com/a.png"}`})
	if res.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &p)
	if p.Status != "published" || p.Version != 2 || p.PublishedAt == nil || p.CoverImage == nil {
		t.Fatalf("published post: %+v", p)
	}

	// Public read with ETag and 304.
	r := s.Get(t, "/v1/posts/hello-world", "")
	etag := r.Header.Get("ETag")
	if r.Status != http.StatusOK || !strings.HasPrefix(etag, `"v2-`) || !strings.Contains(r.Header.Get("Cache-Control"), "public") {
		t.Fatalf("public read: %d %v", r.Status, r.Header)
	}
	r = s.Do(t, testutil.Request{Method: "GET", Path: "/v1/posts/" + p.ID, Header: map[string]string{"If-None-Match": etag}})
	if r.Status != http.StatusNotModified || len(r.Body) != 0 {
		t.Fatalf("If-None-Match: %d", r.Status)
	}
	if r := s.Get(t, "/v1/posts/hello-world", tok); r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("token read cache-control: %q", r.Header.Get("Cache-Control"))
	}

	// Null clears an optional field; a stale If-Match is 412 and changes nothing.
	res = s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok,
		Body: `{"cover_image":null}`, Header: map[string]string{"If-Match": etag}})
	if res.Status != http.StatusOK {
		t.Fatalf("patch with If-Match: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &p)
	if p.CoverImage != nil || p.Version != 3 {
		t.Fatalf("null did not clear: %+v", p)
	}
	res = s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok,
		Body: `{"title":"Stale"}`, Header: map[string]string{"If-Match": etag}})
	if res.Status != http.StatusPreconditionFailed {
		t.Fatalf("stale If-Match: %d %s", res.Status, res.Body)
	}
	if r := s.Get(t, "/v1/posts/"+p.ID, ""); strings.Contains(string(r.Body), "Stale") {
		t.Fatal("412 changed the post")
	}
	if res := s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok, Body: `{"title":null}`}); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("null title: %d", res.Status)
	}

	// Delete, then 404.
	if res := s.Do(t, testutil.Request{Method: "DELETE", Path: "/v1/posts/" + p.ID, Token: tok}); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	if r := s.Get(t, "/v1/posts/"+p.ID, tok); r.Status != http.StatusNotFound {
		t.Fatalf("after delete: %d", r.Status)
	}
}

func TestSlugCollisionsAndConflicts(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	var slugs []string
	for range 3 {
		res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"Same Title"}`})
		var p api.Post
		res.JSON(t, &p)
		slugs = append(slugs, p.Slug)
	}
	if fmt.Sprint(slugs) != "[same-title same-title-2 same-title-3]" {
		t.Fatalf("slugs: %v", slugs)
	}
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"X","slug":"same-title"}`})
	if res.Status != http.StatusConflict {
		t.Fatalf("taken slug: %d %s", res.Status, res.Body)
	}
	res = s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"X","slug":"Not A Slug"}`})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad slug: %d", res.Status)
	}
}

func TestScheduledPostAppearsByItself(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	at := s.Clock.Now().Add(2 * time.Hour).Format(time.RFC3339)
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok,
		Body: `{"title":"Later","status":"scheduled","published_at":"` + at + `"}`})
	var p api.Post
	res.JSON(t, &p)
	if res.Status != http.StatusCreated || p.Status != "scheduled" {
		t.Fatalf("schedule: %d %s", res.Status, res.Body)
	}
	if r := s.Get(t, "/v1/posts/later", ""); r.Status != http.StatusNotFound {
		t.Fatalf("scheduled post visible early: %d", r.Status)
	}
	s.Clock.Advance(2*time.Hour + time.Second)
	r := s.Get(t, "/v1/posts/later", "")
	r.JSON(t, &p)
	if r.Status != http.StatusOK || p.Status != "published" {
		t.Fatalf("scheduled post not visible after its time: %d %s", r.Status, r.Body)
	}
	res = s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok,
		Body: `{"title":"Past","status":"scheduled","published_at":"2001-01-01T00:00:00Z"}`})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("scheduled in the past: %d", res.Status)
	}
}
