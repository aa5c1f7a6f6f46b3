package main

import (
	"net/http"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestAppMetrics scrapes /metrics after a few reads: the read cache, the
// event log head and the webhook dispatcher report themselves.
func TestAppMetrics(t *testing.T) {
	base := startServer(t, nil)
	for range 3 {
		res, err := http.Get(base + "/v1/posts")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
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
	value := func(name string) float64 {
		f, ok := families[name]
		if !ok || len(f.GetMetric()) == 0 {
			t.Fatalf("metric %s missing", name)
		}
		m := f.GetMetric()[0]
		if m.GetCounter() != nil {
			return m.GetCounter().GetValue()
		}
		return m.GetGauge().GetValue()
	}
	hits, misses, size := value("folio_cache_hits_total"), value("folio_cache_misses_total"), value("folio_cache_bytes")
	if hits < 2 || misses < 1 || size <= 0 {
		t.Fatalf("cache metrics do not show the reads: %v hits, %v misses, %v bytes", hits, misses, size)
	}
	if value("folio_event_log_head") < 1 {
		t.Fatal("event log head is 0 after the demo content was written")
	}
}
