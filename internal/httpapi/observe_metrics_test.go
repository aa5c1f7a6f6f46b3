package httpapi_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

const metricsToken = "metrics-token-0123456789"

// newMetered builds the API with metrics on, a collector for every pool of
// the test database and the statement hook, as cmd/folio wires them.
func newMetered(t *testing.T, token string) *observed {
	t.Helper()
	return newObserved(t, func(env *testutil.Env, d *httpapi.Deps) {
		m := obs.NewMetrics()
		if err := m.RegisterPools(env.Store.Pools()); err != nil {
			t.Fatal(err)
		}
		if err := env.Store.Observe(obs.QueryObserver(m, obs.LocalTracerProvider(), env.Store.Dialect())); err != nil {
			t.Fatal(err)
		}
		d.Metrics, d.MetricsToken = m, token
	})
}

// scrape fetches /metrics and parses it with the Prometheus text parser.
func (o *observed) scrape(t *testing.T, token string) map[string]*dto.MetricFamily {
	t.Helper()
	rec := o.do(t, call{method: "GET", path: "/metrics", token: token})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("scrape: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// series returns the metric of family name whose labels include want.
func series(families map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := families[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

func TestMetricsAfterKnownTraffic(t *testing.T) {
	o := newMetered(t, "")
	missing := "/v1/posts/" + content.NewID()
	traffic := []struct {
		c call
		n int
	}{
		{call{method: "GET", path: "/v1/posts"}, 3},
		{call{method: "GET", path: missing}, 2},
		{call{method: "POST", path: "/v1/posts", body: `{"title":"x"}`}, 1},
		{call{method: "PUT", path: "/v1/posts"}, 1},
		{call{method: "GET", path: "/no/such/route"}, 2},
		{call{method: "GET", path: "/another/unknown"}, 1},
	}
	for _, tr := range traffic {
		for range tr.n {
			o.do(t, tr.c)
		}
	}
	fams := o.scrape(t, "")
	want := []struct {
		route, method, class string
		n                    float64
	}{
		{"/v1/posts", "GET", "2xx", 3},
		{"/v1/posts/:id", "GET", "4xx", 2},
		{"/v1/posts", "POST", "4xx", 1},
		{"/v1/posts", "PUT", "4xx", 1},
		{"unmatched", "GET", "4xx", 3},
	}
	for _, w := range want {
		labels := map[string]string{"route": w.route, "method": w.method, "status_class": w.class}
		c := series(fams, "folio_http_requests_total", labels)
		h := series(fams, "folio_http_request_duration_seconds", labels)
		if c == nil || h == nil || c.GetCounter().GetValue() != w.n || float64(h.GetHistogram().GetSampleCount()) != w.n {
			t.Errorf("%v: counter %v, histogram %v, want %v requests", labels, c, h, w.n)
		}
	}
	if n := len(fams["folio_http_requests_total"].GetMetric()); n != len(want) {
		t.Errorf("%d request series, want %d (raw paths must not become labels)", n, len(want))
	}
	if g := series(fams, "folio_http_requests_in_flight", nil); g.GetGauge().GetValue() != 1 {
		t.Errorf("in flight during the scrape = %v, want 1 (the scrape)", g.GetGauge().GetValue())
	}
	q := series(fams, "folio_db_query_duration_seconds", map[string]string{"operation": "query"})
	if q == nil || q.GetHistogram().GetSampleCount() == 0 {
		t.Errorf("no query durations: %v", q)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "go_build_info"} {
		if fams[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}
}

// TestMetricsPoolGauges checks the pool statistics of every pool the store
// has: SQLite's writer ("primary") and readers, PostgreSQL's primary.
func TestMetricsPoolGauges(t *testing.T) {
	o := newMetered(t, "")
	o.do(t, call{method: "GET", path: "/v1/posts"})
	fams := o.scrape(t, "")
	pools := slices.Sorted(maps.Keys(o.Store.Pools()))
	wantPools := map[string][]string{store.DialectSQLite: {"primary", "readers"}, store.DialectPostgres: {"primary"}}
	if !slices.Equal(pools, wantPools[o.Store.Dialect()]) {
		t.Fatalf("%s pools %v, want %v", o.Store.Dialect(), pools, wantPools[o.Store.Dialect()])
	}
	for _, pool := range pools {
		for _, name := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections",
			"go_sql_wait_count_total", "go_sql_wait_duration_seconds_total", "go_sql_max_open_connections"} {
			if series(fams, name, map[string]string{"db_name": pool}) == nil {
				t.Errorf("%s{db_name=%q} is missing", name, pool)
			}
		}
		open := series(fams, "go_sql_open_connections", map[string]string{"db_name": pool}).GetGauge().GetValue()
		if open < 1 {
			t.Errorf("pool %s has %v open connections after traffic", pool, open)
		}
	}
}

func TestMetricsToken(t *testing.T) {
	o := newMetered(t, metricsToken)
	user := o.Token(t, o.MustUser(t, "Ada Admin", content.RoleAdmin))
	for name, tok := range map[string]string{"none": "", "wrong": "metrics-token-wrong", "a user's token": user} {
		rec := o.do(t, call{method: "GET", path: "/metrics", token: tok})
		if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: %d %q", name, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
	fams := o.scrape(t, metricsToken)
	if c := series(fams, "folio_http_requests_total", map[string]string{"route": "/metrics", "status_class": "4xx"}); c.GetCounter().GetValue() != 3 {
		t.Errorf("refused scrapes counted %v, want 3", c.GetCounter().GetValue())
	}
	if rec := newObserved(t, nil).do(t, call{method: "GET", path: "/metrics"}); rec.Code != 404 {
		t.Errorf("/metrics without metrics: %d", rec.Code)
	}
}
