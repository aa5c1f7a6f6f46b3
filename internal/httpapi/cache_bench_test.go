package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/testutil"
)

// BenchmarkCacheHit measures what a cached read costs Folio beyond the web
// framework: the whole middleware chain as cmd/folio wires it (JSON access
// log at info, metrics, trace ids, request id) answering the front page
// from the read cache, and a 304 for its ETag; "echo" is a bare echo
// instance writing the same bytes, the ceiling of any echo application.
//
//	go test -tags sqlite_fts5 ./internal/httpapi/ -run '^$' -bench CacheHit
func BenchmarkCacheHit(b *testing.B) {
	env := testutil.NewEnv(b)
	testutil.SeedPosts(b, env.Store, 200)
	m := obs.NewMetrics()
	e, err := httpapi.New(httpapi.Deps{Service: env.Service, Metrics: m, Tracer: obs.LocalTracerProvider(),
		Logger: obs.NewLogger(io.Discard, "json", "info")})
	if err != nil {
		b.Fatal(err)
	}
	const uri = "/v1/posts?limit=20"
	first := serve(e, uri, "")
	if first.Code != http.StatusOK {
		b.Fatalf("list: %d %s", first.Code, first.Body)
	}
	body, etag := first.Body.Bytes(), first.Header().Get("ETag")
	bare := echo.New()
	bare.GET("/v1/posts", func(c echo.Context) error {
		if c.Request().Header.Get("If-None-Match") == etag {
			return c.NoContent(http.StatusNotModified)
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, body)
	})
	for _, s := range []struct {
		name string
		h    http.Handler
	}{{"folio", e}, {"echo", bare}} {
		for _, inm := range []string{"", etag} {
			name, want := s.name+"/200", http.StatusOK
			if inm != "" {
				name, want = s.name+"/304", http.StatusNotModified
			}
			b.Run(name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, uri, nil)
				if inm != "" {
					req.Header.Set("If-None-Match", inm)
				}
				w := &discardWriter{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					w.code = 0
					s.h.ServeHTTP(w, req)
					if w.code != want {
						b.Fatalf("got %d, want %d", w.code, want)
					}
				}
			})
		}
	}
}

func serve(h http.Handler, uri, inm string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, uri, nil)
	if inm != "" {
		req.Header.Set("If-None-Match", inm)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// discardWriter is a ResponseWriter that keeps the status and drops the
// body, so the benchmark measures the server and not a recorder.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(code int) { w.code = code }

// BenchmarkUncachedRead is the read path with the cache off: the front
// page and one post of 1,000 seeded posts, through the whole middleware
// chain, as "make bench" measures it with FOLIO_CACHE_MAX_BYTES=0; from
// the tables alone, and from the read model (views rendered).
//
//	go test -tags sqlite_fts5 ./internal/httpapi/ -run '^$' -bench UncachedRead
func BenchmarkUncachedRead(b *testing.B) {
	st := testutil.NewDB(b)
	testutil.SeedPosts(b, st, 1000)
	now := func() time.Time { return testutil.SeedBase.Add(time.Hour) }
	for _, model := range []string{"tables", "views"} {
		opts := service.Options{Store: st, Now: now, CursorKey: []byte("bench-cursor-key")}
		if model == "views" {
			opts.Views = httpapi.RenderPostView
		}
		svc := service.New(opts)
		if _, err := svc.ProjectViews(b.Context()); err != nil {
			b.Fatal(err)
		}
		e, err := httpapi.New(httpapi.Deps{Service: svc, Metrics: obs.NewMetrics(), Tracer: obs.LocalTracerProvider(),
			Logger: obs.NewLogger(io.Discard, "json", "info")})
		if err != nil {
			b.Fatal(err)
		}
		page := serve(e, "/v1/posts?limit=20", "")
		if page.Code != http.StatusOK {
			b.Fatalf("list: %d %s", page.Code, page.Body)
		}
		var list struct {
			Data []struct{ Slug string } `json:"data"`
		}
		if err := json.Unmarshal(page.Body.Bytes(), &list); err != nil || len(list.Data) != 20 {
			b.Fatalf("list: %v, %d items", err, len(list.Data))
		}
		deep := "/v1/posts?limit=20"
		for range 45 { // page 46 of 50
			var page struct {
				Meta struct {
					NextCursor string `json:"next_cursor"`
				} `json:"meta"`
			}
			if err := json.Unmarshal(serve(e, deep, "").Body.Bytes(), &page); err != nil || page.Meta.NextCursor == "" {
				b.Fatalf("following cursors: %v", err)
			}
			deep = "/v1/posts?limit=20&cursor=" + page.Meta.NextCursor
		}
		for _, uri := range []struct{ name, uri string }{
			{"list", "/v1/posts?limit=20"},
			{"page46", deep},
			{"post", "/v1/posts/" + list.Data[7].Slug},
		} {
			b.Run(model+"/"+uri.name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, uri.uri, nil)
				w := &discardWriter{h: http.Header{}}
				b.ReportAllocs()
				for b.Loop() {
					clear(w.h)
					w.code = 0
					e.ServeHTTP(w, req)
					if w.code != http.StatusOK {
						b.Fatalf("%s: %d", uri.uri, w.code)
					}
				}
			})
		}
	}
}
