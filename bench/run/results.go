package main

import (
	"fmt"
	"path/filepath"
	"time"
)

// results is everything one run measured, by workload key.
type results struct {
	cfg               config
	generator         string
	database          string // where the posts live: "SQLite", or the PostgreSQL server
	machine           machine
	started, finished time.Time
	loadStart         string
	loadEnd           string
	titles            map[string]string
	cached            map[string]measurement // folio, cache on
	uncached          map[string]measurement // folio, FOLIO_CACHE_MAX_BYTES=0
	ceiling           map[string]measurement
	writes            map[string]measurement
	scale             map[int]map[string]measurement // posts -> key -> figures
	profiles          string                         // folder of the CPU profiles, when BENCH_PROFILE=1
}

func newResults(cfg config, gen generator) *results {
	r := &results{cfg: cfg, generator: gen.name(), machine: describeMachine(), started: time.Now(),
		loadStart: loadAverage(), titles: map[string]string{}, cached: map[string]measurement{},
		uncached: map[string]measurement{}, ceiling: map[string]measurement{}, writes: map[string]measurement{},
		scale: map[int]map[string]measurement{}}
	r.profiles = filepath.Join(cfg.CacheDir, "profiles", r.started.UTC().Format("20060102-150405"))
	return r
}

func (r *results) finish() {
	r.finished, r.loadEnd = time.Now(), loadAverage()
}

// target is one target of issue 6 and how the run did against it.
type target struct {
	name, measured string
	met, known     bool
}

// targets checks the figures against issue 6's targets; a target whose
// workloads did not run is reported as not measured.
func (r *results) targets() []target {
	var ts []target
	for _, t := range []struct {
		key, name string
		m         map[string]measurement
		min       float64
	}{
		{"list", "cached list ≥ 0.8× ceiling req/s", r.cached, 0.8},
		{"slug", "cached get-by-slug ≥ 0.8× ceiling req/s", r.cached, 0.8},
		{"revalidate", "cached 304 revalidation ≥ 0.8× ceiling req/s", r.cached, 0.8},
		{"list", "cache off: list ≥ 0.2× ceiling req/s", r.uncached, 0.2},
		{"slug", "cache off: get-by-slug ≥ 0.35× ceiling req/s", r.uncached, 0.35},
	} {
		ts = append(ts, ratioTarget(t.name, t.m, r.ceiling, t.key, t.key, t.min, "ceiling"))
	}
	ts = append(ts, ratioTarget("cursor page 500 within 10 % of page 1 (cache off, req/s)", r.uncached, r.uncached,
		"page500", "list", 0.9, "page 1"))
	ts = append(ts, r.growthTarget(), r.searchTarget(), r.createTarget(), r.rssTarget())
	return ts
}

func ratioTarget(name string, num, den map[string]measurement, numKey, denKey string, min float64, denName string) target {
	a, okA := num[numKey]
	b, okB := den[denKey]
	if !okA || !okB || b.RPS() == 0 {
		return target{name: name}
	}
	ratio := a.RPS() / b.RPS()
	return target{name: name, known: true, met: ratio >= min,
		measured: fmt.Sprintf("%.2f× (%s / %s %s req/s)", ratio, rate(a.RPS()), denName, rate(b.RPS()))}
}

// sizes are the smallest and largest BENCH_SIZES (issue 6's 1,000 and
// 100,000 when there are none, to name the targets).
func (r *results) sizes() (small, large int) {
	if len(r.cfg.Sizes) == 0 {
		return 1000, 100000
	}
	small, large = r.cfg.Sizes[0], r.cfg.Sizes[0]
	for _, n := range r.cfg.Sizes {
		small, large = min(small, n), max(large, n)
	}
	return small, large
}

func (r *results) growthTarget() target {
	small, large := r.sizes()
	name := fmt.Sprintf("list p50 at %s posts ≤ 1.3× at %s (cache off)", count(large), count(small))
	a, okA := r.scale[large]["list"]
	b, okB := r.scale[small]["list"]
	if !okA || !okB || small == large || b.P50 == 0 {
		return target{name: name}
	}
	ratio := float64(a.P50) / float64(b.P50)
	return target{name: name, known: true, met: ratio <= 1.3,
		measured: fmt.Sprintf("%.2f× (%s / %s)", ratio, ms(a.P50), ms(b.P50))}
}

func (r *results) searchTarget() target {
	_, large := r.sizes()
	name := fmt.Sprintf("search at %s posts ≥ 0.3× the uncached list req/s", count(large))
	return ratioTarget(name, r.scale[large], r.scale[large], "search", "list", 0.3, "list")
}

func (r *results) createTarget() target {
	name := fmt.Sprintf("%d concurrent writers: zero errors, ≥ 1,500 creates/s", r.cfg.Writers)
	m, ok := r.writes["create"]
	if !ok {
		return target{name: name}
	}
	perSec, _ := creates(m, "create")
	return target{name: name, known: true, met: m.Errors == 0 && perSec >= 1500,
		measured: fmt.Sprintf("%s creates/s, %d errors", rate(perSec), m.Errors)}
}

func (r *results) rssTarget() target {
	name := fmt.Sprintf("peak RSS under load at %s posts ≤ 150 MiB", count(mainPosts))
	var peak int64
	for _, set := range []map[string]measurement{r.cached, r.uncached, r.writes} {
		for _, m := range set {
			peak = max(peak, m.PeakRSS)
		}
	}
	if peak == 0 {
		return target{name: name}
	}
	return target{name: name, known: true, met: peak <= 150<<20, measured: mib(peak) + " (highest of all folio runs)"}
}

// creates is the create rate of m and whether it is exact: the Go
// generator counts 201s; wrk does not tell statuses apart, so the rate is
// then the successful responses (creates) or 5 % of them (the mix).
func creates(m measurement, key string) (float64, bool) {
	if n, ok := m.Statuses[201]; ok {
		return float64(n) / m.Elapsed.Seconds(), true
	}
	ok := float64(m.Requests-(m.Errors-m.Socket)) / m.Elapsed.Seconds()
	if key == "mix" {
		return ok * 0.05, false
	}
	return ok, key == "create"
}
