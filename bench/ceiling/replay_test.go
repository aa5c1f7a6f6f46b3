package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/folio-cms/folio/bench/internal/wire"
)

func TestReplay(t *testing.T) {
	e := newServer([]wire.Response{
		{Path: "/v1/posts?limit=20", Status: 200, Header: map[string]string{"Content-Type": "application/json", "Etag": `"abc"`}, Body: []byte(`{"data":[]}`)},
		{Path: "/v1/posts/post-00001", Status: 200, Header: map[string]string{"ETag": `"p1"`}, Body: []byte(`{"id":"1"}`)},
	})
	tests := []struct {
		name, path, ifNoneMatch string
		status                  int
		body, etag              string
	}{
		{"list", "/v1/posts?limit=20", "", 200, `{"data":[]}`, `"abc"`},
		{"post", "/v1/posts/post-00001", "", 200, `{"id":"1"}`, `"p1"`},
		{"revalidated", "/v1/posts/post-00001", `"p1"`, 304, "", `"p1"`},
		{"stale validator", "/v1/posts/post-00001", `"old"`, 200, `{"id":"1"}`, `"p1"`},
		{"other query", "/v1/posts?limit=21", "", 404, "", ""},
		{"health", "/healthz", "", 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.ifNoneMatch != "" {
				req.Header.Set("If-None-Match", tt.ifNoneMatch)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tt.status || rec.Body.String() != tt.body || rec.Header().Get("ETag") != tt.etag {
				t.Errorf("GET %s = %d %q etag %q; want %d %q etag %q", tt.path, rec.Code, rec.Body, rec.Header().Get("ETag"),
					tt.status, tt.body, tt.etag)
			}
		})
	}
}
