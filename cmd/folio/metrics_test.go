package main

import (
	"net/http"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestAppMetrics scrapes /metrics after a few reads: the read cache, the
// event log head, the webhook dispatcher and the read model report
// themselves.
func TestAppMetrics(t *testing.T) {
	base := startServer(t, nil)
	for range 3 {
		res, err := http.Get(base + "/v1/posts")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	families := scrape(t, base)
	value := func(name string) float64 {
		v := metricValue(families, name)
		if v < 0 {
			t.Fatalf("metric %s missing", name)
		}
		return v
	}
	hits, misses, size := value("folio_cache_hits_total"), value("folio_cache_misses_total"), value("folio_cache_bytes")
	if hits < 2 || misses < 1 || size <= 0 {
		t.Fatalf("cache metrics do not show the reads: %v hits, %v misses, %v bytes", hits, misses, size)
	}
	// The dispatcher reads the head of the log when it syncs, which it does
	// at start in its own goroutine: it may not have run yet.
	for deadline := time.Now().Add(10 * time.Second); value("folio_event_log_head") < 1; families = scrape(t, base) {
		if time.Now().After(deadline) {
			t.Fatal("event log head is 0 after the demo content was written")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The projector renders the demo posts' views after start; the read
	// model then answers the list.
	deadline := time.Now().Add(10 * time.Second)
	for {
		families = scrape(t, base)
		rendered, stale := metricValue(families, "folio_post_views_rendered_total"), metricValue(families, "folio_post_views_stale")
		_, hasPending := families["folio_search_pending"]
		indexed := testutil.Dialect() != store.DialectSQLite || hasPending && metricValue(families, "folio_search_pending") == 0
		if rendered >= 1 && stale == 0 && indexed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("post views: %v rendered, %v stale; search pending %v (present %v)", rendered, stale,
				metricValue(families, "folio_search_pending"), hasPending)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res, err := http.Get(base + "/v1/posts?limit=3"); err == nil {
		res.Body.Close()
	}
	families = scrape(t, base)
	if _, ok := families["folio_post_view_reads_total"]; !ok {
		t.Fatal("folio_post_view_reads_total missing")
	}
	if testutil.Dialect() != store.DialectSQLite {
		if _, ok := families["folio_sqlite_checkpoints_total"]; ok {
			t.Fatal("folio_sqlite_checkpoints_total on PostgreSQL")
		}
		return
	}
	// The demo content's writes are checkpointed in the background.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		byOutcome := map[string]float64{}
		for _, m := range scrape(t, base)["folio_sqlite_checkpoints_total"].GetMetric() {
			for _, l := range m.GetLabel() {
				byOutcome[l.GetValue()] = m.GetCounter().GetValue()
			}
		}
		if byOutcome["failed"] != 0 {
			t.Fatalf("checkpoints: %v", byOutcome)
		}
		if byOutcome["ok"] >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no background checkpoint 10 s after start: %v", byOutcome)
		}
	}
}

func scrape(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// metricValue is the value of the family's first series, -1 when missing.
func metricValue(families map[string]*dto.MetricFamily, name string) float64 {
	f, ok := families[name]
	if !ok || len(f.GetMetric()) == 0 {
		return -1
	}
	m := f.GetMetric()[0]
	if m.GetCounter() != nil {
		return m.GetCounter().GetValue()
	}
	return m.GetGauge().GetValue()
}
