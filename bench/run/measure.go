package main

import (
	"context"
	"fmt"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// measurement is one workload against one server.
type measurement struct {
	wire.Result
	// CPU is the server's CPU time over the run's wall time, in cores.
	CPU float64
	// PeakRSS is the server's VmHWM at the end of the run, reset before it
	// when the kernel allows (PeakReset), so that it is this run's peak.
	PeakRSS   int64
	PeakReset bool
	Bytes     int // mean response body of the workload's GETs
}

// measure warms the server with the workload, then measures it.
func (b *bench) measure(ctx context.Context, p *process, w workload) (measurement, error) {
	plan := wire.Plan{Addr: p.addr, Connections: w.conns, Duration: b.cfg.Warmup, Prefix: b.prefix(), Requests: w.reqs}
	if _, err := b.gen.run(ctx, plan); err != nil {
		return measurement{}, fmt.Errorf("warm %s on %s: %w", w.key, p.name, err)
	}
	plan.Duration, plan.Prefix = b.cfg.Duration, b.prefix()
	reset := p.resetPeak()
	cpu0, t0 := p.cpuTime(), time.Now()
	res, err := b.gen.run(ctx, plan)
	if err != nil {
		return measurement{}, fmt.Errorf("%s on %s: %w", w.key, p.name, err)
	}
	m := measurement{Result: res, PeakRSS: p.peakRSS(), PeakReset: reset,
		CPU: (p.cpuTime() - cpu0).Seconds() / time.Since(t0).Seconds(), Bytes: w.bytes}
	b.logf("  %-34s %-8s %9.0f req/s  p50 %-9v p99 %-9v errors %d  cpu %.0f%%  rss %d MiB",
		w.title, p.name, m.RPS(), m.P50.Round(time.Microsecond), m.P99.Round(time.Microsecond), m.Errors,
		m.CPU*100, m.PeakRSS>>20)
	if m.FirstError != "" {
		b.logf("    first socket error: %s", m.FirstError)
	}
	return m, nil
}

// prefix numbers each load run, so that created titles never repeat.
func (b *bench) prefix() string {
	b.runs++
	return fmt.Sprintf("r%d-", b.runs)
}
