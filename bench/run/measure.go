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
	// CPU is the server's CPU time over the run's wall time, in cores;
	// LoadCPU the generator's; Others what other processes used of the
	// server's CPUs (known only when the server is pinned).
	CPU, LoadCPU, Others float64
	// PeakRSS is the server's VmHWM at the end of the run, reset before it
	// when the kernel allows (PeakReset), so that it is this run's peak.
	PeakRSS   int64
	PeakReset bool
	Bytes     int     // mean response body of the workload's GETs
	WorstRPS  float64 // the slowest round's rate, to show the noise
}

// subject is a server under test and the map its figures go into.
type subject struct {
	p    *process
	into map[string]measurement
}

// measureAll runs each selected workload on every subject: a warm-up on
// each, then rounds that take the subjects in turn, so that they share the
// machine's quiet and busy moments, until BENCH_ROUNDS rounds went
// undisturbed or twice that many ran (see disturbed). Each subject keeps its best round, since other
// processes only ever slow a run down, with the worst round's rate and the
// highest peak RSS of all rounds.
func (b *bench) measureAll(ctx context.Context, ws []workload, subjects ...subject) error {
	for _, w := range b.selected(ws) {
		b.res.titles[w.key] = w.title
		if err := b.warm(ctx, w, subjects); err != nil {
			return err
		}
		for clean, round := 0, 0; clean < b.cfg.Rounds && round < 2*b.cfg.Rounds; round++ {
			disturbed, err := b.round(ctx, w, subjects, round == 0)
			if err != nil {
				return err
			}
			if !disturbed {
				clean++
			}
		}
	}
	return nil
}

// warm checks each subject's answer and loads it for BENCH_WARMUP.
func (b *bench) warm(ctx context.Context, w workload, subjects []subject) error {
	for _, s := range subjects {
		if err := check(ctx, s.p, w); err != nil {
			return err
		}
		plan := wire.Plan{Addr: s.p.addr, Connections: w.conns, Duration: b.cfg.Warmup, Prefix: b.prefix(), Requests: w.reqs}
		if _, _, err := b.gen.run(ctx, plan); err != nil {
			return fmt.Errorf("warm %s on %s: %w", w.key, s.p.name, err)
		}
	}
	return nil
}

// round measures w once on each subject and reports whether other
// processes disturbed any of them.
func (b *bench) round(ctx context.Context, w workload, subjects []subject, first bool) (disturbed bool, err error) {
	for _, s := range subjects {
		m, err := b.measure(ctx, s.p, w)
		if err != nil {
			return false, err
		}
		disturbed = disturbed || b.disturbed(m)
		if !first {
			m = better(s.into[w.key], m)
		}
		s.into[w.key] = m
	}
	return disturbed, nil
}

// disturbed reports whether the machine, not the workload, set the pace of
// a round on pinned CPUs: other processes used 10 % of the server's CPUs,
// or neither the server nor the generator reached 80 % of theirs (the
// hypervisor gave the VM less than its CPUs, which no process sees).
func (b *bench) disturbed(m measurement) bool {
	server, load := float64(len(b.serverCPUs)), float64(b.cfg.LoadThreads)
	if server == 0 {
		return false
	}
	return m.Others >= 0.1*server || (m.CPU < 0.8*server && m.LoadCPU < 0.8*load)
}

// check sends the workload's first request once when the workload expects
// a status, and fails unless the server answers with it.
func check(ctx context.Context, p *process, w workload) error {
	if w.expect == 0 {
		return nil
	}
	status, err := probe(ctx, p.addr, w.reqs[0])
	if err != nil {
		return err
	}
	if status != w.expect {
		return fmt.Errorf("%s on %s: %s %s answered %d, want %d", w.key, p.name, w.reqs[0].Method, w.reqs[0].Path, status, w.expect)
	}
	return nil
}

// better is the faster of two rounds, with the slower one's rate and the
// higher peak RSS.
func better(a, b measurement) measurement {
	worst, peak := min(a.WorstRPS, b.WorstRPS), max(a.PeakRSS, b.PeakRSS)
	if b.RPS() > a.RPS() {
		a = b
	}
	a.WorstRPS, a.PeakRSS = worst, peak
	return a
}

// measure runs the workload once on a warm server.
func (b *bench) measure(ctx context.Context, p *process, w workload) (measurement, error) {
	plan := wire.Plan{Addr: p.addr, Connections: w.conns, Duration: b.cfg.Duration, Prefix: b.prefix(), Requests: w.reqs}
	reset := p.resetPeak()
	profiled := b.profile(ctx, p, w.key, b.cfg.Duration-time.Second/2)
	cpu0, busy0, t0 := p.cpuTime(), cpusBusy(b.serverCPUs), time.Now()
	res, loadCPU, err := b.gen.run(ctx, plan)
	if err != nil {
		return measurement{}, fmt.Errorf("%s on %s: %w", w.key, p.name, err)
	}
	if err := <-profiled; err != nil {
		return measurement{}, fmt.Errorf("profile %s on %s: %w", w.key, p.name, err)
	}
	wall, cpu := time.Since(t0).Seconds(), p.cpuTime()-cpu0
	m := measurement{Result: res, PeakRSS: p.peakRSS(), PeakReset: reset, CPU: cpu.Seconds() / wall,
		LoadCPU: loadCPU.Seconds() / wall, Bytes: w.bytes, WorstRPS: res.RPS()}
	if len(b.serverCPUs) > 0 {
		m.Others = max(0, (cpusBusy(b.serverCPUs)-busy0-cpu).Seconds()/wall)
	}
	b.logf("  %-34s %-8s %9.0f req/s  p50 %-9v p99 %-9v errors %d  cpu %.0f%% (load %.0f%%, others %.0f%%)  rss %d MiB",
		w.title, p.name, m.RPS(), m.P50.Round(time.Microsecond), m.P99.Round(time.Microsecond), m.Errors,
		m.CPU*100, m.LoadCPU*100, m.Others*100, m.PeakRSS>>20)
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
