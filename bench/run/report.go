package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"
)

// readOrder is the order of the read workloads in the report.
var readOrder = []string{"list", "tag", "slug", "search", "page500", "revalidate"}

// markdown is the report of the run.
func (r *results) markdown() string {
	var b strings.Builder
	r.header(&b)
	r.cachedTable(&b)
	r.uncachedTable(&b)
	r.writesTable(&b)
	r.scaleTable(&b)
	r.targetsTable(&b)
	return b.String()
}

func (r *results) header(b *strings.Builder) {
	m, c := r.machine, r.cfg
	fmt.Fprintf(b, "## Load benchmark, %s\n\n", r.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(b, "- command: `make bench` with BENCH_DURATION=%s BENCH_WARMUP=%s BENCH_ROUNDS=%d BENCH_CONNS=%d BENCH_WRITERS=%d BENCH_SIZES=%s%s\n",
		c.Duration, c.Warmup, c.Rounds, c.Conns, c.Writers, sizesText(c.Sizes), onlyText(c))
	fmt.Fprintf(b, "- each figure is the best of %d undisturbed rounds of %s (at most %d rounds; folio and the ceiling take turns), after a %s warm-up\n",
		c.Rounds, c.Duration, 2*c.Rounds, c.Warmup)
	fmt.Fprintf(b, "- machine: %d CPUs (%s), %s RAM, %s, %s; commit %s\n", m.CPUs, m.Model, memText(m.Memory), m.Kernel, m.Go, m.Commit)
	fmt.Fprintf(b, "- load generator: %s; %s\n", r.generator, pinText(c))
	fmt.Fprintf(b, "- load average (1, 5, 15 min): %s at the start, %s at the end; the run took %s\n",
		r.loadStart, r.loadEnd, r.finished.Sub(r.started).Round(time.Second))
	fmt.Fprintf(b, "- folio: FOLIO_LOG_LEVEL=%s, %s, other settings at their defaults; cache off means FOLIO_CACHE_MAX_BYTES=0\n", c.LogLevel, r.database)
	if c.Profile {
		fmt.Fprintf(b, "- BENCH_PROFILE=1: folio ran with CPU profiling (profiles in %s), which costs it a few per cent\n", r.profiles)
	}
	b.WriteString("\n")
}

// memText turns MemTotal's "24684084 kB" into "23.5 GiB".
func memText(kb string) string {
	var n float64
	if _, err := fmt.Sscanf(kb, "%f kB", &n); err != nil {
		return kb
	}
	return fmt.Sprintf("%.1f GiB", n/(1<<20))
}

func sizesText(sizes []int) string {
	var parts []string
	for _, n := range sizes {
		parts = append(parts, fmt.Sprint(n))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

func onlyText(c config) string {
	if c.Only.String() == "" {
		return ""
	}
	return " BENCH_ONLY=" + c.Only.String()
}

func pinText(c config) string {
	if c.ServerCPUs == "" && c.LoadCPUs == "" {
		return fmt.Sprintf("not pinned (taskset missing or one CPU): servers and generator share %d CPUs", runtime.NumCPU())
	}
	return fmt.Sprintf("servers pinned to CPU %s and the generator to CPU %s with taskset", c.ServerCPUs, c.LoadCPUs)
}

func (r *results) cachedTable(b *strings.Builder) {
	b.WriteString("### Reads on 10,000 posts: folio (cache on) against the ceiling\n\n")
	b.WriteString("| workload | body | folio req/s | p50 | p99 | errors | peak RSS | CPU | ceiling req/s | p50 | p99 | errors | CPU | folio/ceiling |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, key := range readOrder {
		f, okF := r.cached[key]
		c, okC := r.ceiling[key]
		if !okF || !okC {
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | **%s** |\n", r.titles[key], kib(f.Bytes),
			rate(f.RPS()), ms(f.P50), ms(f.P99), errs(f), mib(f.PeakRSS), pct(f.CPU),
			rate(c.RPS()), ms(c.P50), ms(c.P99), errs(c), pct(c.CPU), ratio(f.RPS(), c.RPS()))
	}
	b.WriteString("\n")
}

func (r *results) uncachedTable(b *strings.Builder) {
	b.WriteString("### Reads on 10,000 posts, cache off\n\n")
	b.WriteString("| workload | req/s | p50 | p99 | errors | peak RSS | CPU | /ceiling | /cache on |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, key := range readOrder {
		f, ok := r.uncached[key]
		if !ok {
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | **%s** | %s |\n", r.titles[key], rate(f.RPS()), ms(f.P50), ms(f.P99),
			errs(f), mib(f.PeakRSS), pct(f.CPU), ratio(f.RPS(), r.ceiling[key].RPS()), ratio(f.RPS(), r.cached[key].RPS()))
	}
	b.WriteString("\n")
}

func (r *results) writesTable(b *strings.Builder) {
	if len(r.writes) == 0 {
		return
	}
	b.WriteString("### Writes on 10,000 posts (cache on; the ceiling has no equivalent)\n\n")
	b.WriteString("| workload | connections | req/s | creates/s | p50 | p99 | errors | peak RSS | CPU |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, key := range []string{"create", "mix"} {
		m, ok := r.writes[key]
		if !ok {
			continue
		}
		conns := r.cfg.Conns
		if key == "create" {
			conns = r.cfg.Writers
		}
		perSec, exact := creates(m, key)
		approx := ""
		if !exact {
			approx = "≈ "
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s%s | %s | %s | %s | %s | %s |\n", r.titles[key], conns, rate(m.RPS()), approx, rate(perSec),
			ms(m.P50), ms(m.P99), errs(m), mib(m.PeakRSS), pct(m.CPU))
	}
	b.WriteString("\n")
}

func (r *results) scaleTable(b *strings.Builder) {
	if len(r.cfg.Sizes) == 0 {
		return
	}
	small, large := r.sizes()
	b.WriteString("### Growth with the number of posts (cache off)\n\n| workload |")
	for _, n := range r.cfg.Sizes {
		fmt.Fprintf(b, " %s: req/s | p50 |", count(n))
	}
	fmt.Fprintf(b, " p50 %s/%s |\n|---|", short(large), short(small))
	b.WriteString(strings.Repeat("--:|--:|", len(r.cfg.Sizes)) + "--:|\n")
	for _, key := range []string{"list", "search"} {
		fmt.Fprintf(b, "| %s |", r.titles[key])
		for _, n := range r.cfg.Sizes {
			m, ok := r.scale[n][key]
			if !ok {
				b.WriteString(" – | – |")
				continue
			}
			fmt.Fprintf(b, " %s | %s |", rate(m.RPS()), ms(m.P50))
		}
		fmt.Fprintf(b, " **%s** |\n", ratio(float64(r.scale[large][key].P50), float64(r.scale[small][key].P50)))
	}
	b.WriteString("\n")
}

func (r *results) targetsTable(b *strings.Builder) {
	b.WriteString("### Targets (issue 6)\n\n| target | measured | result |\n|---|---|---|\n")
	for _, t := range r.targets() {
		verdict := "not measured"
		switch {
		case t.known && t.met:
			verdict = "met"
		case t.known:
			verdict = "**missed**"
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", t.name, t.measured, verdict)
	}
	b.WriteString("\n")
	b.WriteString(r.notes())
}

func bullet(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return "Notes:\n\n- " + strings.Join(lines, "\n- ") + "\n"
}

func rate(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func count(n int) string { return rate(float64(n)) }

// short writes 100000 as 100k.
func short(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func mib(b int64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

func kib(b int) string {
	if b == 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f KiB", float64(b)/1024)
}

func pct(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }

func ratio(a, b float64) string {
	if b == 0 || a == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func errs(m measurement) string {
	if m.Socket > 0 {
		return fmt.Sprintf("%d (%d socket)", m.Errors, m.Socket)
	}
	return fmt.Sprint(m.Errors)
}
