package obs

import (
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are Folio's Prometheus instruments and the registry that serves
// them. The registry also holds the Go runtime, process and build
// collectors. A nil *Metrics records nothing, so callers need no checks.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	queries     *prometheus.HistogramVec
	queryErrors *prometheus.CounterVec
	series      sync.Map // seriesKey -> *requestSeries
}

// queryBuckets resolve the sub-millisecond reads SQLite answers from its
// page cache as well as the slow statements worth an alert.
var queryBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}

// NewMetrics returns a fresh registry with Folio's instruments in it.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "folio_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status class (2xx, 4xx...).",
		}, []string{"route", "method", "status_class"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "folio_http_request_duration_seconds",
			Help:    "Time from the first middleware to the last byte handed to the connection.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status_class"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "folio_http_requests_in_flight",
			Help: "HTTP requests being served now.",
		}),
		queries: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "folio_db_query_duration_seconds",
			Help:    "Duration of database statements run through GORM, by operation.",
			Buckets: queryBuckets,
		}, []string{"operation"}),
		queryErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "folio_db_query_errors_total",
			Help: "Database statements that failed, by operation (a query finding no row is not a failure).",
		}, []string{"operation"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		m.requests, m.latency, m.inFlight, m.queries, m.queryErrors,
	)
	return m
}

// Registry returns the registry, for packages that bring their own
// collectors (the webhook dispatcher, the cache).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// RegisterPools adds the connection statistics of each named pool (open, in
// use, idle, wait count, wait duration...) as go_sql_* series labelled
// db_name. It fails if a name is registered twice.
func (m *Metrics) RegisterPools(pools map[string]*sql.DB) error {
	for name, db := range pools {
		if err := m.reg.Register(collectors.NewDBStatsCollector(db, name)); err != nil {
			return fmt.Errorf("register pool %s: %w", name, err)
		}
	}
	return nil
}

// Begin counts one request in flight; End records it as finished.
func (m *Metrics) Begin() {
	if m != nil {
		m.inFlight.Inc()
	}
}

// End records a finished request with its route pattern, method, status
// and duration. The series of each route, method and status class are
// looked up in the vectors once and kept.
func (m *Metrics) End(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.inFlight.Dec()
	k := seriesKey{route: route, method: methodLabel(method), class: statusClassIndex(status)}
	s, ok := m.series.Load(k)
	if !ok {
		class := statusClasses[k.class]
		s, _ = m.series.LoadOrStore(k, &requestSeries{
			count:   m.requests.WithLabelValues(route, k.method, class),
			latency: m.latency.WithLabelValues(route, k.method, class)})
	}
	rs := s.(*requestSeries)
	rs.count.Inc()
	rs.latency.Observe(d.Seconds())
}

type seriesKey struct {
	route, method string
	class         int
}

type requestSeries struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// ObserveQuery records one database statement.
func (m *Metrics) ObserveQuery(op string, d time.Duration, err error) {
	if m == nil {
		return
	}
	m.queries.WithLabelValues(op).Observe(d.Seconds())
	if err != nil {
		m.queryErrors.WithLabelValues(op).Inc()
	}
}

// methodLabel keeps the method label to the methods HTTP defines, so a
// client inventing methods cannot grow the series without bound.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}

var statusClasses = [...]string{"unknown", "1xx", "2xx", "3xx", "4xx", "5xx"}

func statusClassIndex(status int) int {
	if status < 100 || status > 599 {
		return 0
	}
	return status / 100
}
