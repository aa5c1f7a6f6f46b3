package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

func TestLuaString(t *testing.T) {
	tests := map[string]string{
		"plain /v1/posts?q=a+b": `"plain /v1/posts?q=a+b"`,
		`"quoted" \ back`:       `"\"quoted\" \\ back"`,
		"line\nnext\r\t":        `"line\010next\013\009"`,
		"é1":                    `"\195\1691"`, // three digits always, so a digit after an escape stays itself
	}
	for in, want := range tests {
		if got := luaString(in); got != want {
			t.Errorf("luaString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLuaScriptHoldsThePlan(t *testing.T) {
	s := luaScript(wire.Plan{Prefix: "r7-", Requests: []wire.Request{
		{Method: "GET", Path: "/v1/posts/a", Header: map[string]string{"If-None-Match": `"e1"`}},
		{Method: "POST", Path: "/v1/posts", Body: `{"title":"T ` + wire.Counter + `"}`, Weight: 3},
	}})
	for _, want := range []string{`local prefix = "r7-"`, `path = "/v1/posts/a", weight = 1, templated = false, body = nil`,
		`["If-None-Match"] = "\"e1\""`, `weight = 3, templated = true, body = "{\"title\":\"T {{n}}\"}"`, "function done("} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %s:\n%s", want, s)
		}
	}
}

func TestParseWrk(t *testing.T) {
	out := "Running 10s test @ http://127.0.0.1:1\n  1 threads and 50 connections\nWRK_RESULT 1000 2000000 1500 9000 1 2 0 7 3\n"
	got, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := wire.Result{Requests: 1000, Elapsed: 2 * time.Second, P50: 1500 * time.Microsecond, P99: 9 * time.Millisecond,
		Socket: 6, Errors: 13}
	if got.Requests != want.Requests || got.Elapsed != want.Elapsed || got.P50 != want.P50 || got.P99 != want.P99 ||
		got.Socket != want.Socket || got.Errors != want.Errors || got.Statuses[400] != 7 {
		t.Errorf("parseWrk = %+v, want %+v and 7 statuses >= 400", got, want)
	}
	if _, err := parseWrk("wrk: connection refused\n"); err == nil {
		t.Error("parseWrk without a result line: no error")
	}
}

func TestCPUList(t *testing.T) {
	tests := map[string]int{"": 0, "0": 1, "0-3": 4, "0-1,4,6-7": 5, "x": 0, "3-1": 0}
	for in, want := range tests {
		if got := cpuCount(in); got != want {
			t.Errorf("cpuCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestPinningSplitsTheCores(t *testing.T) {
	none := func(string) string { return "" }
	tests := []struct {
		ncpu         int
		getenv       func(string) string
		server, load string
	}{
		{1, none, "", ""},
		{2, none, "0", "1"},
		{8, none, "0-3", "4-7"},
		{8, func(k string) string {
			return map[string]string{"BENCH_SERVER_CPUS": "0-5", "BENCH_LOAD_CPUS": "6-7"}[k]
		}, "0-5", "6-7"},
	}
	for _, tt := range tests {
		server, load := pinning(tt.getenv, tt.ncpu)
		if server != tt.server || load != tt.load {
			t.Errorf("pinning(%d CPUs) = %q, %q; want %q, %q", tt.ncpu, server, load, tt.server, tt.load)
		}
	}
}

// fig is a measurement of rps requests per second for one second.
func fig(rps int64, p50 time.Duration, errors int64) measurement {
	return measurement{Result: wire.Result{Requests: rps, Elapsed: time.Second, P50: p50, Errors: errors,
		Statuses: map[int]int64{201: rps - errors}}, WorstRPS: float64(rps), PeakRSS: 100 << 20, PeakReset: true}
}

func TestTargets(t *testing.T) {
	r := &results{cfg: config{Writers: 8, Sizes: []int{1000, 100000}, Only: regexp.MustCompile("")},
		titles:   map[string]string{"list": "list newest 20"},
		cached:   map[string]measurement{"list": fig(900, 0, 0), "slug": fig(700, 0, 0)},
		ceiling:  map[string]measurement{"list": fig(1000, 0, 0), "slug": fig(1000, 0, 0), "revalidate": fig(1000, 0, 0)},
		uncached: map[string]measurement{"list": fig(300, 0, 0), "slug": fig(300, 0, 0), "page500": fig(280, 0, 0)},
		writes:   map[string]measurement{"create": fig(2000, 0, 1)},
		scale: map[int]map[string]measurement{
			1000:   {"list": fig(300, 10*time.Millisecond, 0)},
			100000: {"list": fig(250, 12*time.Millisecond, 0), "search": fig(50, 0, 0)},
		},
	}
	want := []string{"met", "missed", "not measured", "met", "missed", "met", "met", "missed", "missed", "met"}
	ts := r.targets()
	if len(ts) != len(want) {
		t.Fatalf("%d targets, want %d", len(ts), len(want))
	}
	for i, tgt := range ts {
		got := "not measured"
		if tgt.known {
			got = map[bool]string{true: "met", false: "missed"}[tgt.met]
		}
		if got != want[i] {
			t.Errorf("%s (%s): %s, want %s", tgt.name, tgt.measured, got, want[i])
		}
	}
	if report := r.markdown(); !strings.Contains(report, "| list newest 20 | 300 | 10.00 ms | 250 | 12.00 ms | **1.20×** |") || !strings.Contains(report, "### Targets") {
		t.Errorf("report lacks its tables:\n%s", report)
	}
}
