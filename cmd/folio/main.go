// Command folio is a headless content API for blogs.
//
//	@title						Folio API
//	@version					1.0
//	@description				Folio serves posts, tags, authors and listings as JSON. Reads are public; writes take a bearer token (POST /v1/auth/login or a named API token). Errors are RFC 9457 problem documents.
//	@contact.name				Folio maintainers
//	@contact.url				https://folio.dev
//	@license.name				MIT
//	@license.url				https://opensource.org/licenses/MIT
//	@BasePath					/
//	@tag.name					posts
//	@tag.description			Blog posts: public reads of published posts, writes by their authors and editors.
//	@tag.name					tags
//	@tag.description			Tags group posts; counts include published posts only.
//	@tag.name					authors
//	@tag.description			Public profiles of the people who write.
//	@tag.name					listings
//	@tag.description			Named pages of posts: manual (ordered ids) or rule-based (a saved query).
//	@tag.name					feeds
//	@tag.description			RSS, Atom and JSON Feed of the newest posts.
//	@tag.name					events
//	@tag.description			The append-only change log: paged reads and a Server-Sent Events stream.
//	@tag.name					webhooks
//	@tag.description			Signed deliveries of the change log to subscribed URLs; admins only.
//	@tag.name					users
//	@tag.description			Accounts and roles; admins only.
//	@tag.name					auth
//	@tag.description			Login, the current account and named API tokens.
//	@tag.name					operations
//	@tag.description			Health, readiness and this document.
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				A JWT as "Bearer <token>", from POST /v1/auth/login or POST /v1/auth/tokens.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "folio:", err)
		os.Exit(1)
	}
}

const usage = `usage: folio <command> [flags]

commands:
  serve [--addr :8080] [--database-url PATH|URL] [--demo]   run the API
  migrate                                                  apply database migrations
  user create --email E --name N [--role admin|editor|author]   password from stdin
  token create --email E --name N [--expires-in 2160h]     print a named API token
`

// run is the whole program: it parses args, wires dependencies and runs a
// subcommand until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return userCommand(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "token":
		return tokenCommand(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
