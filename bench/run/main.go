// Command run is the load benchmark behind `make bench`: it seeds SQLite
// databases of realistic posts (cached between runs), starts folio and the
// ceiling (bench/ceiling, a bare echo server replaying folio's responses),
// drives both with wrk or bench/load pinned to other cores, and writes a
// markdown report of req/s, latency, errors, peak RSS and folio/ceiling
// ratios against the targets of issue 6. docs/benchmarks.md explains it.
//
// It runs from the repository root once the binaries are built, which
// `make bench` does before running it; BENCH_* variables tune it. With
// BENCH_SEED_URL it only seeds that database (BENCH_SEED_POSTS posts).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// bench is one benchmark run.
type bench struct {
	cfg        config
	serverCPUs []int // the CPUs the servers are pinned to
	gen        generator
	tmp        string
	runs       int // load runs so far, to number created titles
	starts     int // folio starts so far, to name their logs
	res        *results
	stage      string // what is being measured, to name profiles: "10000" or "scale-100000"
	dbs        *databases
	folio      string // the folio binary: cfg.Folio, or one with pprof when profiling
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}

func run(ctx context.Context, getenv func(string) string) error {
	if url := getenv("BENCH_SEED_URL"); url != "" {
		return seedOnly(ctx, getenv, url)
	}
	cfg, err := loadConfig(getenv, time.Now())
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "folio-make-bench-")
	if err != nil {
		return err
	}
	if getenv("BENCH_KEEP") == "1" {
		fmt.Fprintln(os.Stderr, "keeping", tmp, "(BENCH_KEEP=1): databases, server logs, plans, recorded responses")
	} else {
		defer os.RemoveAll(tmp)
	}
	gen, err := newGenerator(cfg, tmp)
	if err != nil {
		return err
	}
	b := &bench{cfg: cfg, serverCPUs: cpuList(cfg.ServerCPUs), gen: gen, tmp: tmp, res: newResults(cfg, gen), folio: cfg.Folio}
	if b.dbs, err = openDatabases(ctx, cfg, tmp, b.logf); err != nil {
		return err
	}
	defer b.dbs.close()
	b.res.database = b.dbs.dialect(ctx)
	if cfg.Profile {
		if b.folio, err = buildProfiled(ctx, tmp); err != nil {
			return err
		}
		b.logf("profiling: CPU profiles go to %s", b.res.profiles)
	}
	b.logf("generator %s; server CPUs %q, load CPUs %q; %s per run after %s warm-up", gen.name(),
		cfg.ServerCPUs, cfg.LoadCPUs, cfg.Duration, cfg.Warmup)
	if err := b.main(ctx); err != nil {
		return err
	}
	if err := b.scale(ctx); err != nil {
		return err
	}
	b.res.finish()
	report := b.res.markdown()
	fmt.Print(report)
	if err := writeFile(cfg.Out, report); err != nil {
		return err
	}
	b.logf("results written to %s", cfg.Out)
	return nil
}

// writeFile writes text to path, creating its folder.
func writeFile(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// mainPosts is the size of the database of the main comparison.
const mainPosts = 10_000

// main measures the reads on 10,000 posts with the cache on (against the
// ceiling too) and off, then the writes, which come last because they
// change the database.
func (b *bench) main(ctx context.Context) (err error) {
	db, remove, err := b.dbs.working(ctx, mainPosts)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := remove(); err == nil {
			err = rerr
		}
	}()
	b.stage = fmt.Sprint(mainPosts)
	folio, err := b.startFolio(ctx, db, true)
	if err != nil {
		return err
	}
	c, err := discover(ctx, folio.addr, mainPosts)
	if err != nil {
		return stopAfter(err, folio)
	}
	ceiling, err := b.startCeiling(ctx, c)
	if err != nil {
		return stopAfter(err, folio)
	}
	b.logf("reads, cache on, against the ceiling")
	err = b.measureAll(ctx, readWorkloads(c, b.cfg.Conns), subject{folio, b.res.cached}, subject{ceiling, b.res.ceiling})
	if err := stopAfter(err, folio, ceiling); err != nil {
		return err
	}
	b.logf("reads, cache off (FOLIO_CACHE_MAX_BYTES=0)")
	if err := b.reads(ctx, db, false, readWorkloads(c, b.cfg.Conns), b.res.uncached); err != nil {
		return err
	}
	return b.writes(ctx, db, c)
}

// reads starts folio on db and measures ws into into.
func (b *bench) reads(ctx context.Context, db string, cache bool, ws []workload, into map[string]measurement) error {
	folio, err := b.startFolio(ctx, db, cache)
	if err != nil {
		return err
	}
	return stopAfter(b.measureAll(ctx, ws, subject{folio, into}), folio)
}

// writes measures creates by BENCH_WRITERS connections, then the 95/5 mix,
// with the cache on.
func (b *bench) writes(ctx context.Context, db string, c corpus) error {
	folio, err := b.startFolio(ctx, db, true)
	if err != nil {
		return err
	}
	token, err := login(ctx, folio.addr)
	if err != nil {
		return stopAfter(err, folio)
	}
	b.logf("writes, cache on")
	ws := []workload{createWorkload(token, b.cfg.Writers), mixWorkload(c, token, b.cfg.Conns)}
	return stopAfter(b.measureAll(ctx, ws, subject{folio, b.res.writes}), folio)
}

// scale measures list and search with the cache off at each BENCH_SIZES
// size, reusing the main run's figures at 10,000 posts.
func (b *bench) scale(ctx context.Context) error {
	for _, n := range b.cfg.Sizes {
		into := map[string]measurement{}
		b.res.scale[n] = into
		if n == mainPosts {
			for _, key := range []string{"list", "search"} {
				if m, ok := b.res.uncached[key]; ok {
					into[key] = m
				}
			}
			continue
		}
		db, remove, err := b.dbs.working(ctx, n)
		if err != nil {
			return err
		}
		b.stage = fmt.Sprintf("scale-%d", n)
		folio, err := b.startFolio(ctx, db, false)
		if err != nil {
			return errors.Join(err, remove())
		}
		b.logf("scale: %d posts, cache off", n)
		c, err := discover(ctx, folio.addr, n)
		if err == nil {
			err = b.measureAll(ctx, scaleWorkloads(c, b.cfg.Conns), subject{folio, into})
		}
		if err := errors.Join(stopAfter(err, folio), remove()); err != nil {
			return err
		}
	}
	return nil
}

// selected keeps the workloads whose key matches BENCH_ONLY.
func (b *bench) selected(ws []workload) []workload {
	var out []workload
	for _, w := range ws {
		if b.cfg.Only.MatchString(w.key) {
			out = append(out, w)
		}
	}
	return out
}

// startFolio starts bin/folio on db, with its read cache on or off.
func (b *bench) startFolio(ctx context.Context, db string, cache bool) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	env := append(baseEnv(), "FOLIO_ADDR="+addr, "FOLIO_DATABASE_URL="+db, "FOLIO_DATA_DIR="+b.tmp,
		"FOLIO_JWT_SECRET=bench-secret-bench-secret-bench-secret", "FOLIO_LOG_LEVEL="+b.cfg.LogLevel)
	name := "folio"
	if !cache {
		env, name = append(env, "FOLIO_CACHE_MAX_BYTES=0"), "folio/nc"
	}
	var pprofAddr string
	if b.cfg.Profile {
		if pprofAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		env = append(env, "FOLIO_PPROF_ADDR="+pprofAddr)
	}
	b.starts++
	logPath := filepath.Join(b.tmp, fmt.Sprintf("folio-%d.log", b.starts))
	p, err := startProcess(ctx, name, b.folio, []string{"serve"}, env, b.cfg.ServerCPUs, addr, logPath)
	if err != nil {
		return nil, err
	}
	p.pprof = pprofAddr
	return p, nil
}

// startCeiling starts the ceiling replaying the corpus's responses.
func (b *bench) startCeiling(ctx context.Context, c corpus) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(b.tmp, "responses.json")
	var rs []wire.Response
	for _, r := range c.responses {
		rs = append(rs, r)
	}
	if err := wire.WriteJSON(path, rs); err != nil {
		return nil, err
	}
	args := []string{"-addr", addr, "-responses", path}
	var pprofAddr string
	if b.cfg.Profile {
		if pprofAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		args = append(args, "-pprof", pprofAddr)
	}
	p, err := startProcess(ctx, "ceiling", b.cfg.Ceiling, args, baseEnv(), b.cfg.ServerCPUs, addr, filepath.Join(b.tmp, "ceiling.log"))
	if err != nil {
		return nil, err
	}
	p.pprof = pprofAddr
	return p, nil
}

// baseEnv is this process's environment without FOLIO_ variables, so that
// a developer's settings do not leak into the measured servers.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FOLIO_") {
			env = append(env, kv)
		}
	}
	return env
}

// stopAfter stops ps and returns err, or the first stop error when err is nil.
func stopAfter(err error, ps ...*process) error {
	for _, p := range ps {
		if serr := p.stop(); err == nil && serr != nil {
			err = fmt.Errorf("stop %s: %w", p.name, serr)
		}
	}
	return err
}
