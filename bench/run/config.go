package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// config is what the environment tells a benchmark run (see
// docs/benchmarks.md for each variable).
type config struct {
	Duration  time.Duration // BENCH_DURATION: each measured run (10s)
	Warmup    time.Duration // BENCH_WARMUP: unmeasured load before each workload (2s)
	Rounds    int           // BENCH_ROUNDS: measured runs per workload and server, the best kept (3)
	Conns     int           // BENCH_CONNS: connections of the read workloads (50)
	Writers   int           // BENCH_WRITERS: connections of the create workload (8)
	Sizes     []int         // BENCH_SIZES: post counts of the scale runs (1000,10000,100000)
	CacheDir  string        // BENCH_CACHE_DIR: where seeded databases and results are kept (.cache/bench)
	Out       string        // BENCH_OUT: results file (CacheDir/results-<time>.md)
	Generator string        // BENCH_GENERATOR: auto, wrk or go
	Only      *regexp.Regexp
	Profile   bool   // BENCH_PROFILE=1: CPU profiles of every folio run, under CacheDir/profiles
	LogLevel  string // BENCH_FOLIO_LOG_LEVEL: folio's FOLIO_LOG_LEVEL (info, folio's default)
	Folio     string // BENCH_FOLIO: the folio binary (bin/folio)
	Ceiling   string // BENCH_CEILING: the ceiling binary (bin/bench-ceiling)
	Load      string // BENCH_LOAD: the Go load generator (bin/bench-load)
	// Postgres is BENCH_POSTGRES_URL: a PostgreSQL server (a URL whose
	// user may create databases) to keep the posts in instead of SQLite.
	Postgres string
	// ServerCPUs and LoadCPUs are taskset lists (BENCH_SERVER_CPUS,
	// BENCH_LOAD_CPUS); both empty means no pinning.
	ServerCPUs, LoadCPUs string
	LoadThreads          int // wrk threads: the number of load CPUs
}

func loadConfig(getenv func(string) string, now time.Time) (config, error) {
	c := config{
		CacheDir:  envOr(getenv, "BENCH_CACHE_DIR", ".cache/bench"),
		Generator: envOr(getenv, "BENCH_GENERATOR", "auto"),
		LogLevel:  envOr(getenv, "BENCH_FOLIO_LOG_LEVEL", "info"),
		Folio:     envOr(getenv, "BENCH_FOLIO", "bin/folio"),
		Ceiling:   envOr(getenv, "BENCH_CEILING", "bin/bench-ceiling"),
		Load:      envOr(getenv, "BENCH_LOAD", "bin/bench-load"),
		Postgres:  getenv("BENCH_POSTGRES_URL"),
	}
	var err error
	if c.Duration, err = envDuration(getenv, "BENCH_DURATION", 10*time.Second); err != nil {
		return c, err
	}
	if c.Warmup, err = envDuration(getenv, "BENCH_WARMUP", 2*time.Second); err != nil {
		return c, err
	}
	if c.Rounds, err = envInt(getenv, "BENCH_ROUNDS", 3); err != nil {
		return c, err
	}
	if c.Conns, err = envInt(getenv, "BENCH_CONNS", 50); err != nil {
		return c, err
	}
	if c.Writers, err = envInt(getenv, "BENCH_WRITERS", 8); err != nil {
		return c, err
	}
	if c.Sizes, err = envInts(getenv, "BENCH_SIZES", "1000,10000,100000"); err != nil {
		return c, err
	}
	if c.Only, err = regexp.Compile(getenv("BENCH_ONLY")); err != nil {
		return c, fmt.Errorf("BENCH_ONLY: %w", err)
	}
	c.Profile = getenv("BENCH_PROFILE") == "1"
	if c.Generator != "auto" && c.Generator != "wrk" && c.Generator != "go" {
		return c, fmt.Errorf("BENCH_GENERATOR: want auto, wrk or go, not %q", c.Generator)
	}
	c.Out = envOr(getenv, "BENCH_OUT", c.CacheDir+"/results-"+now.UTC().Format("20060102-150405")+".md")
	c.ServerCPUs, c.LoadCPUs = pinning(getenv, runtime.NumCPU())
	c.LoadThreads = max(1, cpuCount(c.LoadCPUs))
	return c, nil
}

// pinning splits the cores between server and load generator: the first
// half serves, the second half loads. It pins nothing on one core or
// without taskset, unless both lists are given.
func pinning(getenv func(string) string, ncpu int) (server, load string) {
	server, load = getenv("BENCH_SERVER_CPUS"), getenv("BENCH_LOAD_CPUS")
	if server != "" || load != "" {
		return server, load
	}
	if _, err := exec.LookPath("taskset"); err != nil || ncpu < 2 {
		return "", ""
	}
	half := ncpu / 2
	return cpuRange(0, half-1), cpuRange(half, ncpu-1)
}

func cpuRange(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// cpuCount counts the CPUs of a taskset list such as "0-3,6"; 0 for "".
func cpuCount(list string) int { return len(cpuList(list)) }

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envDuration(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: not a positive duration: %q", key, v)
	}
	return d, nil
}

func envInt(getenv func(string) string, key string, def int) (int, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: not a positive number: %q", key, v)
	}
	return n, nil
}

// envInts reads a comma list of post counts; "none" means an empty list.
func envInts(getenv func(string) string, key, def string) ([]int, error) {
	v := envOr(getenv, key, def)
	if v == "none" {
		return nil, nil
	}
	var out []int
	for f := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: not a comma list of positive numbers: %q", key, v)
		}
		out = append(out, n)
	}
	return out, nil
}
