package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

// generator sends a plan's load and measures it: wrk when it is installed,
// otherwise the Go generator in bench/load.
type generator interface {
	name() string
	// run sends the load; cpu is the CPU time the generator used.
	run(ctx context.Context, p wire.Plan) (res wire.Result, cpu time.Duration, err error)
}

// newGenerator picks the generator that cfg.Generator asks for.
func newGenerator(cfg config, dir string) (generator, error) {
	wrk, err := exec.LookPath("wrk")
	switch {
	case cfg.Generator == "go" || (cfg.Generator == "auto" && err != nil):
		if _, err := os.Stat(cfg.Load); err != nil {
			return nil, fmt.Errorf("the Go load generator: %w (make bench builds it)", err)
		}
		return goLoad{bin: cfg.Load, cpus: cfg.LoadCPUs, dir: dir}, nil
	case err != nil:
		return nil, fmt.Errorf("BENCH_GENERATOR=wrk: %w", err)
	}
	return wrkLoad{bin: wrk, version: wrkVersion(wrk), cpus: cfg.LoadCPUs, threads: cfg.LoadThreads, dir: dir}, nil
}

// wrkVersion is the first words of `wrk --version` ("wrk 4.2.0"), which
// prints its banner and exits with status 1.
func wrkVersion(bin string) string {
	out, _ := exec.Command(bin, "--version").CombinedOutput()
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return "wrk"
	}
	return f[0] + " " + f[1]
}

// pinned is argv run under taskset when cpus is set.
func pinned(ctx context.Context, cpus string, argv ...string) *exec.Cmd {
	if cpus != "" {
		argv = append([]string{"taskset", "-c", cpus}, argv...)
	}
	return exec.CommandContext(ctx, argv[0], argv[1:]...)
}

// goLoad runs bench/load with the plan in a file.
type goLoad struct {
	bin, cpus, dir string
}

func (g goLoad) name() string { return "bench/load (Go)" }

func (g goLoad) run(ctx context.Context, p wire.Plan) (wire.Result, time.Duration, error) {
	planPath := filepath.Join(g.dir, "plan.json")
	if err := wire.WriteJSON(planPath, p); err != nil {
		return wire.Result{}, 0, err
	}
	var stdout, stderr bytes.Buffer
	cmd := pinned(ctx, g.cpus, g.bin, "-plan", planPath)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return wire.Result{}, 0, fmt.Errorf("bench/load: %w: %s", err, stderr.String())
	}
	var res wire.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return res, 0, fmt.Errorf("bench/load output: %w", err)
	}
	return res, cpuOf(cmd), nil
}

// cpuOf is the CPU time an exited command used, user plus system.
func cpuOf(cmd *exec.Cmd) time.Duration {
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// wrkLoad runs wrk with a generated Lua script that sends the plan's
// requests by weight and prints the figures in one line.
type wrkLoad struct {
	bin, version, cpus string
	threads            int
	dir                string
}

func (w wrkLoad) name() string { return fmt.Sprintf("%s, %d thread(s)", w.version, w.threads) }

func (w wrkLoad) run(ctx context.Context, p wire.Plan) (wire.Result, time.Duration, error) {
	script := filepath.Join(w.dir, "plan.lua")
	if err := os.WriteFile(script, []byte(luaScript(p)), 0o600); err != nil {
		return wire.Result{}, 0, err
	}
	threads := min(w.threads, p.Connections)
	secs := max(1, int(p.Duration.Round(time.Second)/time.Second))
	var stdout, stderr bytes.Buffer
	cmd := pinned(ctx, w.cpus, w.bin, "-t", fmt.Sprint(threads), "-c", fmt.Sprint(p.Connections),
		"-d", fmt.Sprintf("%ds", secs), "--timeout", "10s", "-s", script, "http://"+p.Addr)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return wire.Result{}, 0, fmt.Errorf("wrk: %w: %s", err, stderr.String())
	}
	res, err := parseWrk(stdout.String())
	return res, cpuOf(cmd), err
}

// parseWrk reads the WRK_RESULT line that the script's done() prints.
func parseWrk(out string) (wire.Result, error) {
	for line := range strings.Lines(out) {
		rest, ok := strings.CutPrefix(line, "WRK_RESULT ")
		if !ok {
			continue
		}
		var reqs, durUS, p50, p99, connect, read, write, status, timeout int64
		if _, err := fmt.Sscan(rest, &reqs, &durUS, &p50, &p99, &connect, &read, &write, &status, &timeout); err != nil {
			return wire.Result{}, fmt.Errorf("wrk result %q: %w", rest, err)
		}
		socket := connect + read + write + timeout
		res := wire.Result{Requests: reqs, Elapsed: time.Duration(durUS) * time.Microsecond,
			P50: time.Duration(p50) * time.Microsecond, P99: time.Duration(p99) * time.Microsecond,
			Socket: socket, Errors: socket + status, Statuses: map[int]int64{}}
		if status > 0 {
			res.Statuses[400] = status // wrk counts every status >= 400 together
		}
		if socket > 0 {
			res.FirstError = fmt.Sprintf("wrk: connect %d, read %d, write %d, timeout %d", connect, read, write, timeout)
		}
		return res, nil
	}
	return wire.Result{}, fmt.Errorf("wrk printed no result: %.500s", out)
}
