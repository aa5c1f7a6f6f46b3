package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folio-cms/folio/api"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestConcurrentWritersAndReaders runs 8 writers and 32 readers against a
// real listener for a few seconds: no 5xx (no "database is locked"), and
// every acknowledged create is in the database afterwards.
func TestConcurrentWritersAndReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	s := testutil.NewServer(t)
	ts := newWireServer(t, s) // as folio serve listens
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	deadline := time.Now().Add(3 * time.Second)
	var created, reads, failures atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstFailure string
	fail := func(msg string) {
		failures.Add(1)
		mu.Lock()
		if firstFailure == "" {
			firstFailure = msg
		}
		mu.Unlock()
	}
	for w := range 8 {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				body := fmt.Sprintf(`{"title":"Writer %d post %d","status":"published","tags":["w%d","shared"],"body_markdown":"## Hi\n\ntext"}`, w, i, w)
				req, _ := http.NewRequest("POST", ts.URL+"/v1/posts", bytes.NewBufferString(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				res, err := client.Do(req)
				if err != nil {
					fail(err.Error())
					continue
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					fail(fmt.Sprintf("create: %d %s", res.StatusCode, b))
					continue
				}
				created.Add(1)
			}
		})
	}
	for r := range 32 {
		wg.Go(func() {
			paths := []string{"/v1/posts?limit=20", "/v1/tags?sort=-post_count", "/v1/posts?tag=shared&limit=5", "/v1/authors"}
			for i := 0; time.Now().Before(deadline); i++ {
				res, err := client.Get(ts.URL + paths[(r+i)%len(paths)])
				if err != nil {
					fail(err.Error())
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					fail(fmt.Sprintf("read: %d", res.StatusCode))
				}
				reads.Add(1)
			}
		})
	}
	wg.Wait()
	if failures.Load() > 0 {
		t.Fatalf("%d failures; first: %s", failures.Load(), firstFailure)
	}
	var list api.PostList
	s.Get(t, "/v1/posts?include_total=true&limit=1", "").JSON(t, &list)
	if int64(*list.Meta.Total) != created.Load() {
		t.Fatalf("acknowledged %d creates, database holds %d", created.Load(), *list.Meta.Total)
	}
	t.Logf("%s: %d creates, %d reads in 3s, no errors", testutil.Dialect(), created.Load(), reads.Load())
}

// postJSON sends a POST over a real connection and returns the status.
func postJSON(t *testing.T, url, token, body string, headers map[string]string) int {
	req, _ := http.NewRequest("POST", url, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}
