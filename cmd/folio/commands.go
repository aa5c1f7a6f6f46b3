package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/config"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/service"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) error {
	cfg, _, err := config.Load(getenv, args)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, logw) // opening applies every pending step
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

// userCommand is `folio user create`: it reads the password from stdin so
// it never shows in the process list or shell history.
func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, logw io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: folio user create --email E --name N [--role author] < password")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email address")
	name := fs.String("name", "", "display name")
	role := fs.String("role", "author", "admin, editor or author")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password = strings.TrimRight(password, "\r\n")
	cfg, _, err := config.Load(getenv, fs.Args())
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, logw)
	if err != nil {
		return err
	}
	defer a.Close()
	r := content.Role(*role)
	u, err := a.svc.CreateUser(content.WithActor(ctx, service.SystemActor),
		content.UserInput{Email: email, Password: &password, Name: name, Role: &r})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
	return nil
}

// tokenCommand is `folio token create`: it prints a named API token.
func tokenCommand(ctx context.Context, args []string, getenv func(string) string, stdout, logw io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: folio token create --email E --name N [--expires-in 2160h]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "email of the token's user")
	name := fs.String("name", "cli", "a name to recognise the token by")
	ttl := fs.Duration("expires-in", service.DefaultAPITokenTTL, "lifetime")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cfg, _, err := config.Load(getenv, fs.Args())
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, logw)
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := a.svc.CreateAPITokenFor(content.WithActor(ctx, service.SystemActor), *email, *name, *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, t.Token)
	fmt.Fprintf(logw, "token %s %q expires %s\n", t.ID, t.Name, t.ExpiresAt.Format(time.RFC3339))
	return nil
}
