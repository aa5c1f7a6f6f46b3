package obs_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio/internal/obs"
)

func TestLoggerAddsTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	log := obs.NewLogger(&buf, "json", "debug")
	if obs.WithTrace(log) != log {
		t.Fatal("WithTrace wrapped a logger that already adds trace ids")
	}
	tp := obs.LocalTracerProvider()
	ctx, span := tp.Tracer("test").Start(t.Context(), "op")
	defer span.End()
	log.With("k", "v").DebugContext(ctx, "in a span")
	log.Info("outside")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var in, out map[string]any
	if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &in) != nil || json.Unmarshal([]byte(lines[1]), &out) != nil {
		t.Fatalf("want two JSON lines, got:\n%s", buf.String())
	}
	sc := span.SpanContext()
	if in["trace_id"] != sc.TraceID().String() || in["span_id"] != sc.SpanID().String() || in["k"] != "v" {
		t.Errorf("line in a span: %v", in)
	}
	if _, ok := out["trace_id"]; ok {
		t.Errorf("line outside a span has a trace_id: %v", out)
	}
}

func TestLoggerFormatAndLevel(t *testing.T) {
	var buf bytes.Buffer
	log := obs.NewLogger(&buf, "text", "warn")
	log.Info("hidden")
	log.Warn("shown")
	if got := buf.String(); strings.Contains(got, "hidden") || !strings.Contains(got, "level=WARN msg=shown") {
		t.Fatalf("text logger at warn wrote %q", got)
	}
}

// TestLocalProviderPropagatesWithoutRecording checks the default: ids are
// made and a caller's trace id continued, but nothing is recorded.
func TestLocalProviderPropagatesWithoutRecording(t *testing.T) {
	tr := obs.LocalTracerProvider().Tracer("test")
	_, root := tr.Start(t.Context(), "root")
	if root.IsRecording() || !root.SpanContext().IsValid() {
		t.Fatalf("root span: recording %v, valid %v", root.IsRecording(), root.SpanContext().IsValid())
	}
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2},
		TraceFlags: trace.FlagsSampled, Remote: true})
	_, child := tr.Start(trace.ContextWithRemoteSpanContext(t.Context(), parent), "child")
	if child.SpanContext().TraceID() != parent.TraceID() || child.SpanContext().SpanID() == parent.SpanID() {
		t.Fatalf("child %v does not continue %v", child.SpanContext(), parent)
	}
}

func TestTracingOptionsURL(t *testing.T) {
	cases := map[string]struct {
		o    obs.TracingOptions
		want string
	}{
		"unset":           {obs.TracingOptions{}, ""},
		"base endpoint":   {obs.TracingOptions{Endpoint: "http://collector:4318/"}, "http://collector:4318/v1/traces"},
		"traces endpoint": {obs.TracingOptions{Endpoint: "http://a:4318", TracesEndpoint: "http://b:4318/custom"}, "http://b:4318/custom"},
		"disabled":        {obs.TracingOptions{Endpoint: "http://collector:4318", Disabled: true}, ""},
	}
	for name, tc := range cases {
		if got := tc.o.URL(); got != tc.want {
			t.Errorf("%s: URL() = %q, want %q", name, got, tc.want)
		}
	}
}

// TestExportOverOTLP sends spans to a collector stub and checks that
// Shutdown flushes the batch before it returns.
func TestExportOverOTLP(t *testing.T) {
	var posts, bytesIn atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/traces" && r.Header.Get("Content-Type") == "application/x-protobuf" {
			n, _ := io.Copy(io.Discard, r.Body)
			posts.Add(1)
			bytesIn.Add(n)
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer collector.Close()
	tp, err := obs.NewTracerProvider(t.Context(), obs.TracingOptions{Endpoint: collector.URL, ServiceName: "folio-test"})
	if err != nil {
		t.Fatal(err)
	}
	_, span := tp.Tracer("test").Start(t.Context(), "GET /v1/posts")
	if !span.IsRecording() {
		t.Fatal("an exporting provider does not record")
	}
	span.End()
	if err := tp.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if posts.Load() != 1 || bytesIn.Load() == 0 {
		t.Fatalf("collector got %d posts (%d bytes), want the flushed batch", posts.Load(), bytesIn.Load())
	}
}

func TestRequestMetrics(t *testing.T) {
	m := obs.NewMetrics()
	for range 2 { // the second time through the kept series
		m.Begin()
		m.End("/v1/posts", "GET", 200, time.Millisecond)
	}
	m.Begin()
	m.End("/v1/posts", "BREW", 418, time.Millisecond)
	m.Begin()
	if got := gaugeValue(t, m, "folio_http_requests_in_flight"); got != 1 {
		t.Fatalf("in flight = %v, want 1", got)
	}
	m.End("/v1/posts", "POST", 503, 2*time.Second)
	m.Begin()
	m.End("/v1/posts", "GET", 99, time.Millisecond)
	want := `
# HELP folio_http_requests_total HTTP requests answered, by route pattern, method and status class (2xx, 4xx...).
# TYPE folio_http_requests_total counter
folio_http_requests_total{method="GET",route="/v1/posts",status_class="2xx"} 2
folio_http_requests_total{method="GET",route="/v1/posts",status_class="unknown"} 1
folio_http_requests_total{method="OTHER",route="/v1/posts",status_class="4xx"} 1
folio_http_requests_total{method="POST",route="/v1/posts",status_class="5xx"} 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "folio_http_requests_total"); err != nil {
		t.Fatal(err)
	}
	var none *obs.Metrics
	none.Begin()
	none.End("/", "GET", 200, time.Millisecond)
	none.ObserveQuery("query", time.Millisecond, nil)
}

func TestQueryObserver(t *testing.T) {
	m := obs.NewMetrics()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	hook := obs.QueryObserver(m, tp, "postgres")
	hook(t.Context(), "query", "posts", time.Millisecond, nil) // no span: no child
	ctx, parent := tp.Tracer("test").Start(t.Context(), "GET /v1/posts")
	hook(ctx, "create", "posts", 2*time.Millisecond, sql.ErrConnDone)
	parent.End()
	spans := exp.GetSpans()
	if len(spans) != 2 || spans[0].Name != "create posts" || spans[0].Parent.SpanID() != parent.SpanContext().SpanID() {
		t.Fatalf("spans: %+v", spans)
	}
	if d := spans[0].EndTime.Sub(spans[0].StartTime); d != 2*time.Millisecond {
		t.Errorf("database span lasts %v, want the statement's 2ms", d)
	}
	want := `
# HELP folio_db_query_errors_total Database statements that failed, by operation (a query finding no row is not a failure).
# TYPE folio_db_query_errors_total counter
folio_db_query_errors_total{operation="create"} 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "folio_db_query_errors_total"); err != nil {
		t.Fatal(err)
	}
	if n := testutil.CollectAndCount(m.Registry(), "folio_db_query_duration_seconds"); n != 2 {
		t.Fatalf("%d query histograms, want one per operation", n)
	}
}

func gaugeValue(t *testing.T, m *obs.Metrics, name string) float64 {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("%s not gathered", name)
	return 0
}
