package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func TestEventsPaging(t *testing.T) {
	s := testutil.NewServer(t)
	ed := s.MustUser(t, "Ed Editor", content.RoleEditor)
	tok := s.Token(t, ed)
	for i := range 5 {
		s.MustPost(t, ed, testutil.Published(fmt.Sprintf("P%d", i)))
	}
	var seen []int64
	after := int64(0)
	for range 20 {
		var page api.EventList
		res := s.Get(t, fmt.Sprintf("/v1/events?after=%d&limit=3", after), tok)
		res.JSON(t, &page)
		if res.Status != 200 {
			t.Fatalf("events: %d %s", res.Status, res.Body)
		}
		for _, e := range page.Data {
			seen = append(seen, e.ID)
		}
		if len(page.Data) == 0 {
			break
		}
		after = page.Meta.NextAfter
	}
	// user.created, then per post: post.created, tag.created (first post only), post.published.
	if len(seen) < 11 {
		t.Fatalf("saw %d events: %v", len(seen), seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("sequence not increasing: %v", seen)
		}
	}
	author := s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor))
	for who, want := range map[string]int{"": 401, author: 403} {
		if res := s.Get(t, "/v1/events", who); res.Status != want {
			t.Fatalf("events as %q: %d, want %d", who, res.Status, want)
		}
	}
	if res := s.Get(t, "/v1/events?after=-1", tok); res.Status != 400 {
		t.Fatalf("negative after: %d", res.Status)
	}
}

// readSSE reads n events from an SSE stream and returns their ids.
func readSSE(t *testing.T, url, token, lastID string, n int) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var ids []string
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(ids) < n {
		if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func TestEventStreamResumes(t *testing.T) {
	s := testutil.NewServer(t)
	ed := s.MustUser(t, "Ed Editor", content.RoleEditor)
	tok := s.Token(t, ed)
	ts := newWireServer(t, s) // as folio serve listens
	s.MustPost(t, ed, testutil.Draft("One"))
	s.MustPost(t, ed, testutil.Draft("Two"))
	first := readSSE(t, ts.URL+"/v1/events/stream", tok, "", 3) // user.created, post.created x2
	if len(first) != 3 {
		t.Fatalf("first read: %v", first)
	}
	// Resume after the second event: the third comes again, then a live one.
	go func() {
		time.Sleep(200 * time.Millisecond)
		s.MustPost(t, ed, testutil.Draft("Three"))
	}()
	resumed := readSSE(t, ts.URL+"/v1/events/stream", tok, first[1], 2)
	if len(resumed) != 2 || resumed[0] != first[2] || resumed[1] <= first[2] {
		t.Fatalf("resume after %s: %v (first %v)", first[1], resumed, first)
	}
}

func TestRevisionsAndRestore(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor))
	res := s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"Version one","body_markdown":"first body","tags":["a"]}`})
	var p api.Post
	res.JSON(t, &p)
	s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok, Body: `{"title":"Version two","body_markdown":"second body","tags":["b"]}`})
	s.Do(t, testutil.Request{Method: "PATCH", Path: "/v1/posts/" + p.ID, Token: tok, Body: `{"status":"published"}`})
	var revs api.RevisionList
	s.Get(t, "/v1/posts/"+p.ID+"/revisions", tok).JSON(t, &revs)
	if len(revs.Data) != 3 || revs.Data[0].Title != "Version one" || revs.Data[2].Version != 3 {
		t.Fatalf("revisions: %+v", revs.Data)
	}
	var one api.RevisionDetail
	s.Get(t, "/v1/posts/"+p.ID+"/revisions/1", tok).JSON(t, &one)
	if *one.Post.BodyMarkdown != "first body" || one.Post.Tags[0].Slug != "a" {
		t.Fatalf("revision 1: %+v", one.Post)
	}
	res = s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts/" + p.ID + "/revisions/1/restore", Token: tok})
	res.JSON(t, &p)
	if res.Status != 200 || p.Title != "Version one" || p.Version != 4 || p.Status != "published" || p.Tags[0].Slug != "a" {
		t.Fatalf("restore: %d %+v", res.Status, p)
	}
	other := s.Token(t, s.MustUser(t, "Otto Other", content.RoleAuthor))
	if res := s.Get(t, "/v1/posts/"+p.ID+"/revisions", other); res.Status != 403 {
		t.Fatalf("another author's revisions: %d", res.Status)
	}
	if res := s.Get(t, "/v1/posts/"+p.ID+"/revisions/99", tok); res.Status != 404 {
		t.Fatalf("missing revision: %d", res.Status)
	}
	res = s.Do(t, testutil.Request{Method: "POST", Path: "/v1/posts/" + p.ID + "/revisions/2/restore", Token: tok,
		Header: map[string]string{"If-Match": `"v1-0000"`}})
	if res.Status != 412 {
		t.Fatalf("restore with stale If-Match: %d", res.Status)
	}
}

func TestIfMatchOnTagsAndListings(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/tags", Token: tok, Body: `{"name":"Go"}`})
	s.Do(t, testutil.Request{Method: "POST", Path: "/v1/listings", Token: tok, Body: `{"slug":"home","title":"Home","kind":"rule"}`})
	for _, path := range []string{"/v1/tags/go", "/v1/listings/home"} {
		etag := s.Get(t, path, "").Header.Get("ETag")
		body := `{"description":"changed"}`
		if res := s.Do(t, testutil.Request{Method: "PATCH", Path: path, Token: tok, Body: body, Header: map[string]string{"If-Match": etag}}); res.Status != 200 {
			t.Fatalf("%s fresh If-Match: %d %s", path, res.Status, res.Body)
		}
		if res := s.Do(t, testutil.Request{Method: "PATCH", Path: path, Token: tok, Body: `{"description":"lost"}`, Header: map[string]string{"If-Match": etag}}); res.Status != 412 {
			t.Fatalf("%s stale If-Match: %d", path, res.Status)
		}
		if res := s.Do(t, testutil.Request{Method: "DELETE", Path: path, Token: tok, Header: map[string]string{"If-Match": etag}}); res.Status != 412 {
			t.Fatalf("%s stale If-Match delete: %d", path, res.Status)
		}
		var got map[string]any
		s.Get(t, path, "").JSON(t, &got)
		if got["description"] != "changed" {
			t.Fatalf("%s: a 412 changed it: %v", path, got["description"])
		}
	}
}
