package httpapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/testutil"
)

// BenchmarkListPostsTracing measures the list endpoint (a page of 20 of 200
// posts, with tags and authors) through the whole middleware chain, with
// metrics on, for an anonymous reader (served from the read cache after the
// first request) and a signed-in one (the token bypasses the cache: JWT
// check, user lookup and the page's statements, each a database span),
// under three tracer providers:
//
//   - off: the default without OTEL_EXPORTER_OTLP_ENDPOINT; ids are made
//     and propagated (traceparent, trace_id in logs) but nothing recorded;
//   - on: every request sampled and exported over OTLP/HTTP, batched, to a
//     collector stub on loopback that reads and discards each batch;
//   - noop: no trace context at all, a baseline the contract does not allow
//     (responses lack traceparent), to show what "off" itself costs.
//
// Each reports wall ns/op and cpu-ns/op, the process's CPU time per
// request (exporter and collector stub included), which other load on a
// shared machine disturbs far less.
//
// Compare with: go test -tags sqlite_fts5 ./internal/httpapi/ -run '^$' -bench ListPostsTracing
func BenchmarkListPostsTracing(b *testing.B) {
	var posts, bytesIn atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		posts.Add(1)
		bytesIn.Add(n)
	}))
	defer collector.Close()
	exporting, err := obs.NewTracerProvider(b.Context(), obs.TracingOptions{Endpoint: collector.URL})
	if err != nil {
		b.Fatal(err)
	}
	providers := []struct {
		name string
		tp   trace.TracerProvider
	}{
		{"off", obs.LocalTracerProvider()},
		{"on", exporting},
		{"noop", noop.NewTracerProvider()},
	}
	for _, reader := range []string{"anonymous", "signed-in"} {
		for _, p := range providers {
			b.Run(reader+"/"+p.name, func(b *testing.B) {
				e, token := benchServer(b, p.tp)
				if reader == "anonymous" {
					token = ""
				}
				posts.Store(0)
				bytesIn.Store(0)
				b.ReportAllocs()
				n, cpu := 0, cpuTime()
				for b.Loop() {
					listOnce(b, e, token)
					n++
				}
				b.StopTimer()
				b.ReportMetric(float64(cpuTime()-cpu)/float64(n), "cpu-ns/op")
				if p.name == "on" {
					if err := exporting.ForceFlush(b.Context()); err != nil {
						b.Fatal(err)
					}
					if posts.Load() == 0 {
						b.Fatal("nothing reached the collector")
					}
					b.ReportMetric(float64(bytesIn.Load())/float64(n), "otlp-bytes/op")
				}
			})
		}
	}
	if err := exporting.Shutdown(b.Context()); err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the CPU time the process has used, exporter and collector
// stub included. Other work on a shared machine stretches wall time per op
// but not this, so it compares the variants more steadily.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func listOnce(b *testing.B, e http.Handler, token string) {
	req := httptest.NewRequest(http.MethodGet, "/v1/posts?limit=20", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
}

// benchServer returns the API over 200 seeded posts, wired as cmd/folio
// wires it, and a reader's token.
func benchServer(b *testing.B, tp trace.TracerProvider) (http.Handler, string) {
	b.Helper()
	env := testutil.NewEnv(b)
	testutil.SeedPosts(b, env.Store, 200)
	m := obs.NewMetrics()
	if err := m.RegisterPools(env.Store.Pools()); err != nil {
		b.Fatal(err)
	}
	if err := env.Store.Observe(obs.QueryObserver(m, tp, env.Store.Dialect())); err != nil {
		b.Fatal(err)
	}
	e, err := httpapi.New(httpapi.Deps{Service: env.Service, Metrics: m, Tracer: tp})
	if err != nil {
		b.Fatal(err)
	}
	return e, env.Token(b, env.MustUser(b, "Rita Reader", content.RoleAuthor))
}
