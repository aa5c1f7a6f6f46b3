package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/testutil"
)

// startServer runs `folio serve --demo` through run() on a free port and
// returns its base URL; the server stops when the test ends.
func startServer(t *testing.T, extraEnv map[string]string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"FOLIO_ADDR": addr, "FOLIO_DATABASE_URL": testutil.DatabaseURL(t), "FOLIO_DATA_DIR": t.TempDir(),
		"FOLIO_ADMIN_EMAIL": "admin@example.com", "FOLIO_ADMIN_PASSWORD": "change-me-now",
		"FOLIO_PASSWORD_HASH_MEMORY_KIB": "1024", "FOLIO_LOG_LEVEL": "warn",
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, func(k string) string { return env[k] }, nil, &logs, &logs)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v; logs:\n%s", err, logs.String())
		}
	})
	base := "http://" + addr
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return base
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		default:
		}
	}
	t.Fatalf("server did not become ready; logs:\n%s", logs.String())
	return ""
}

// TestREADMEWalkthrough runs the README's curl walkthrough against a real
// server so the documentation cannot rot.
func TestREADMEWalkthrough(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- walkthrough:start -->")
	block, _, ok2 := strings.Cut(block, "<!-- walkthrough:end -->")
	if !ok || !ok2 {
		t.Fatal("README has no walkthrough markers")
	}
	script := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(block), "```sh"), "```")
	base := startServer(t, nil)
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Env = append(os.Environ(), "FOLIO="+base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough failed: %v\n%s", err, out)
	}
	for _, want := range []string{`"title":"Hello from curl"`, `"status":"draft"`, `unknown field titel`,
		`"status":"published"`, `"slug":"hello-from-curl"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("walkthrough output lacks %s:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(string(out)), "404") {
		t.Errorf("deleted post is not a 404 at the end:\n%s", out)
	}
}

// TestServeDemo checks that a newcomer's first request shows a blog.
func TestServeDemo(t *testing.T) {
	base := startServer(t, nil)
	res, err := http.Get(base + "/v1/posts?tag=architecture")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	if res.StatusCode != 200 || !strings.Contains(buf.String(), "Building Scalable Systems: Lessons Learned") {
		t.Fatalf("demo list: %d %s", res.StatusCode, buf.String())
	}
	for _, path := range []string{"/healthz", "/readyz", "/openapi.yaml", "/openapi.json", "/docs", "/docs/swagger-ui-bundle.js"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
	}
}

func TestCommands(t *testing.T) {
	dbURL := testutil.DatabaseURL(t)
	env := map[string]string{"FOLIO_DATABASE_URL": dbURL, "FOLIO_DATA_DIR": t.TempDir(), "FOLIO_PASSWORD_HASH_MEMORY_KIB": "1024"}
	getenv := func(k string) string { return env[k] }
	var out, logs bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, getenv, nil, &out, &logs); err != nil {
		t.Fatalf("migrate: %v %s", err, logs.String())
	}
	err := run(ctx, []string{"user", "create", "--email", "cli@example.com", "--name", "Cli User", "--role", "editor"},
		getenv, strings.NewReader("a-long-password\n"), &out, &logs)
	if err != nil || !strings.Contains(out.String(), "created editor cli@example.com") {
		t.Fatalf("user create: %v %s %s", err, out.String(), logs.String())
	}
	out.Reset()
	if err := run(ctx, []string{"token", "create", "--email", "cli@example.com", "--name", "ci"}, getenv, nil, &out, &logs); err != nil {
		t.Fatalf("token create: %v", err)
	}
	if tok := strings.TrimSpace(out.String()); strings.Count(tok, ".") != 2 {
		t.Fatalf("token create printed %q", tok)
	}
	if err := run(ctx, []string{"user", "create", "--email", "bad", "--name", "x"}, getenv, strings.NewReader("short\n"), &out, &logs); err == nil {
		t.Fatal("invalid user accepted")
	}
	if err := run(ctx, []string{"nope"}, getenv, nil, &out, &logs); err == nil {
		t.Fatal("unknown command accepted")
	}
}
