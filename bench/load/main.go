// Command load is the Go load generator that bench/run uses when wrk is not
// installed. It reads a plan (wire.Plan as JSON), drives the server with
// closed-loop keep-alive connections for the plan's duration and prints
// the result (wire.Result as JSON) on stdout.
//
//	load -plan plan.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/folio-cms/folio/bench/internal/wire"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	planPath := fs.String("plan", "", "JSON file holding the plan (wire.Plan)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *planPath == "" {
		return errors.New("-plan is required")
	}
	var p wire.Plan
	if err := wire.ReadJSON(*planPath, &p); err != nil {
		return err
	}
	res, err := Run(ctx, p)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(res)
}
