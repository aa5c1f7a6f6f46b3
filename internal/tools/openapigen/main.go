// Command openapigen converts the Swagger 2.0 document that swag writes into
// the OpenAPI 3.0.3 document that Folio publishes.
//
// Usage:
//
//	go run ./internal/tools/openapigen -in docs/swagger.json -out openapi.yaml
//
// The conversion is deterministic: running it twice on the same input gives
// byte-identical output, so CI can diff the committed document against a
// freshly generated one.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "openapigen: %v\n", err)
		}
		os.Exit(1)
	}
}

// run parses the command line, converts the input document and writes the
// result, reporting usage errors to stderr.
func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("openapigen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "docs/swagger.json", "Swagger 2.0 JSON document written by swag")
	out := fs.String("out", "openapi.yaml", "OpenAPI 3.0.3 YAML document to write")
	opts := DefaultOptions()
	fs.StringVar(&opts.ProblemSchema, "problem-schema", opts.ProblemSchema,
		"component name (after prefix stripping) of the RFC 9457 problem type")
	fs.StringVar(&opts.BearerFormat, "bearer-format", opts.BearerFormat,
		"bearerFormat of the http bearer scheme made from an Authorization apiKey")
	fs.StringVar(&opts.ServerURL, "server", opts.ServerURL, "the single server URL of the document")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	src, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	doc, err := Convert(src, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", *in, err)
	}
	return writeIfChanged(*out, doc)
}

// writeIfChanged replaces path with data atomically, leaving the file (and
// its modification time) alone when it already holds exactly data.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".openapigen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
