package httpapi_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

func countPosts(t *testing.T, s *testutil.Server, tok string) int {
	t.Helper()
	var list api.PostList
	s.Get(t, "/v1/posts?status=any&include_total=true&limit=1", tok).JSON(t, &list)
	return *list.Meta.Total
}

func TestIdempotentCreate(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	req := testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"Once"}`,
		Header: map[string]string{"Idempotency-Key": "create-once-1"}}
	first := s.Do(t, req)
	second := s.Do(t, req)
	if first.Status != 201 || second.Status != 201 || second.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %d %v", first.Status, second.Status, second.Header)
	}
	if string(first.Body) != string(second.Body) || first.Header.Get("Location") != second.Header.Get("Location") ||
		first.Header.Get("ETag") != second.Header.Get("ETag") {
		t.Fatal("replayed response differs from the first")
	}
	if n := countPosts(t, s, tok); n != 1 {
		t.Fatalf("two requests with one key made %d posts", n)
	}
	req.Body = `{"title":"Different"}`
	if res := s.Do(t, req); res.Status != 422 {
		t.Fatalf("same key, other body: %d %s", res.Status, res.Body)
	}
	// Keys are per caller: another user's identical key is a new request.
	other := testutil.Request{Method: "POST", Path: "/v1/posts", Token: s.Token(t, s.MustUser(t, "Ann Author", content.RoleAuthor)),
		Body: `{"title":"Once"}`, Header: map[string]string{"Idempotency-Key": "create-once-1"}}
	if res := s.Do(t, other); res.Status != 201 || res.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("other caller, same key: %d", res.Status)
	}
	// A refused request is replayed as refused, not run again.
	bad := testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":""}`, Header: map[string]string{"Idempotency-Key": "bad-1"}}
	if a, b := s.Do(t, bad), s.Do(t, bad); a.Status != 422 || b.Status != 422 || b.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("422 replay: %d %d", a.Status, b.Status)
	}
	huge := testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"x"}`,
		Header: map[string]string{"Idempotency-Key": strings.Repeat("k", 300)}}
	if res := s.Do(t, huge); res.Status != 400 {
		t.Fatalf("overlong key: %d", res.Status)
	}
}

// TestConcurrentSameKeyWritesOnce sends one key from many goroutines at
// once: exactly one post is written; the others get the replay or 409.
func TestConcurrentSameKeyWritesOnce(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	ts := newWireServer(t, s) // as folio serve listens
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Go(func() {
			res := postJSON(t, ts.URL+"/v1/posts", tok, `{"title":"Raced"}`, map[string]string{"Idempotency-Key": "race-1"})
			statuses[i] = res
		})
	}
	wg.Wait()
	created := 0
	for _, st := range statuses {
		switch st {
		case 201:
			created++
		case 409:
		default:
			t.Fatalf("unexpected status %d in %v", st, statuses)
		}
	}
	if n := countPosts(t, s, tok); n != 1 || created == 0 {
		t.Fatalf("statuses %v wrote %d posts", statuses, n)
	}
}

func TestIdempotencyKeysExpire(t *testing.T) {
	s := testutil.NewServer(t)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	req := testutil.Request{Method: "POST", Path: "/v1/posts", Token: tok, Body: `{"title":"Daily"}`, Header: map[string]string{"Idempotency-Key": "daily"}}
	s.Do(t, req)
	s.Clock.Advance(25 * 60 * 60 * 1e9)
	n, err := s.Service.PurgeIdempotencyKeys(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	req.Token = s.Token(t, s.MustUser(t, "Ed Later", content.RoleEditor))
	if res := s.Do(t, req); res.Status != 201 || res.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after expiry the key is new again: %d", res.Status)
	}
}
