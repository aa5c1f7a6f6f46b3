//go:build folio_pprof

// This file is not a package of its own: with BENCH_PROFILE=1, bench/run
// compiles it into cmd/folio through `go build -overlay`, so that the
// profiled binary is folio's own, with net/http/pprof served on a second
// listener at FOLIO_PPROF_ADDR. The build tag keeps it out of every other
// build.
package main

import (
	"log"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux, which folio does not use
	"os"
)

func init() {
	addr := os.Getenv("FOLIO_PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
