package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// testServer answers the shapes of response the client must parse: a
// short body with Content-Length, a long chunked one, 304, a 500, a
// response that closes the connection, and a create that records bodies.
func testServer(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var bodies []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /short", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("GET /long", func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // forces chunked encoding
		io.WriteString(w, strings.Repeat("x", 20000))
	})
	mux.HandleFunc("GET /etag", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, "fresh")
	})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) })
	mux.HandleFunc("GET /close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "bye")
	})
	mux.HandleFunc("POST /create", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(bodies)
	}
}

func TestRunCountsStatuses(t *testing.T) {
	tests := []struct {
		name       string
		req        wire.Request
		wantStatus int
		wantErrors bool
	}{
		{"content length", wire.Request{Method: "GET", Path: "/short"}, 200, false},
		{"chunked", wire.Request{Method: "GET", Path: "/long"}, 200, false},
		{"not modified", wire.Request{Method: "GET", Path: "/etag", Header: map[string]string{"If-None-Match": `"v1"`}}, 304, false},
		{"server error", wire.Request{Method: "GET", Path: "/fail"}, 500, true},
		{"connection close", wire.Request{Method: "GET", Path: "/close"}, 200, false},
		{"not found", wire.Request{Method: "GET", Path: "/missing"}, 404, true},
	}
	srv, _ := testServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), wire.Plan{Addr: srv.Listener.Addr().String(), Connections: 2,
				Duration: 100 * time.Millisecond, Requests: []wire.Request{tt.req}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests == 0 || res.Statuses[tt.wantStatus] != res.Requests || res.Socket != 0 {
				t.Fatalf("result %+v; want only %d", res, tt.wantStatus)
			}
			if (res.Errors == res.Requests) != tt.wantErrors || (res.Errors == 0) == tt.wantErrors {
				t.Errorf("errors = %d of %d; want errors %v", res.Errors, res.Requests, tt.wantErrors)
			}
			if res.P50 <= 0 || res.P99 < res.P50 {
				t.Errorf("p50 %v, p99 %v", res.P50, res.P99)
			}
		})
	}
}

func TestRunNumbersBodiesAndWeighs(t *testing.T) {
	srv, bodies := testServer(t)
	res, err := Run(context.Background(), wire.Plan{Addr: srv.Listener.Addr().String(), Connections: 4,
		Duration: 200 * time.Millisecond, Prefix: "r1-", Requests: []wire.Request{
			{Method: "GET", Path: "/short", Weight: 9},
			{Method: "POST", Path: "/create", Body: `{"title":"t` + wire.Counter + `"}`, Header: map[string]string{"Content-Type": "application/json"}, Weight: 1},
		}})
	if err != nil {
		t.Fatal(err)
	}
	got := bodies()
	seen := map[string]bool{}
	for _, b := range got {
		if seen[b] || !strings.HasPrefix(b, `{"title":"tr1-`) {
			t.Fatalf("body %q repeated or not numbered", b)
		}
		seen[b] = true
	}
	share := float64(res.Statuses[201]) / float64(res.Requests)
	if int64(len(got)) != res.Statuses[201] || share < 0.05 || share > 0.15 || res.Errors != 0 {
		t.Errorf("creates %d (%.2f of %d), bodies %d, errors %d; want about 0.1, no errors", res.Statuses[201], share,
			res.Requests, len(got), res.Errors)
	}
}

func TestRunCountsSocketErrors(t *testing.T) {
	srv, _ := testServer(t)
	addr := srv.Listener.Addr().String()
	srv.Close()
	res, err := Run(context.Background(), wire.Plan{Addr: addr, Connections: 1, Duration: 50 * time.Millisecond,
		Requests: []wire.Request{{Method: "GET", Path: "/short"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Socket == 0 || res.Errors != res.Socket || res.FirstError == "" {
		t.Errorf("result %+v; want socket errors", res)
	}
}
