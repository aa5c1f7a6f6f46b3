// Command ceiling is the bare echo server that folio is measured against.
// For each recorded request URI it answers the recorded status, headers and
// body, all prepared once at start, and 304 when If-None-Match holds the
// recorded ETag. It shows how fast echo and net/http alone serve the same
// bytes on the same machine, which is the most folio could do.
//
//	ceiling -addr 127.0.0.1:8090 -responses responses.json [-pprof 127.0.0.1:6061]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // only served with -pprof
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/folio-cms/folio/bench/internal/wire"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

// run serves the recorded responses until ctx ends.
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address")
	file := fs.String("responses", "", "JSON file of recorded responses (wire.Response)")
	pprofAddr := fs.String("pprof", "", "serve net/http/pprof on this address too (for BENCH_PROFILE=1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var rs []wire.Response
	if *file != "" {
		if err := wire.ReadJSON(*file, &rs); err != nil {
			return err
		}
	}
	// The same server timeouts as folio's, so both pay for the same timers.
	srv := &http.Server{Handler: newServer(rs), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }() // http.DefaultServeMux, where net/http/pprof registers
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
