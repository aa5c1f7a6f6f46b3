package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// buildProfiled compiles folio with bench/pprof/pprof.go added to its main
// package through an overlay (the work tree is not touched), so that the
// binary serves net/http/pprof at FOLIO_PPROF_ADDR.
func buildProfiled(ctx context.Context, dir string) (string, error) {
	root, err := os.Getwd()
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	replace := map[string]map[string]string{"Replace": {
		filepath.Join(root, "cmd/folio/zz_bench_pprof.go"): filepath.Join(root, "bench/pprof/pprof.go"),
	}}
	b, err := json.Marshal(replace)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(overlay, b, 0o600); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "folio-pprof")
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "sqlite_fts5,folio_pprof", "-trimpath", "-overlay", overlay,
		"-o", bin, "./cmd/folio")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build folio with pprof: %w: %s", err, out)
	}
	return bin, nil
}

// profile records a CPU profile of p for d into the profiles folder, in the
// background; wait for the returned channel before reading the figures.
func (b *bench) profile(ctx context.Context, p *process, key string, d time.Duration) <-chan error {
	done := make(chan error, 1)
	if p.pprof == "" {
		done <- nil
		return done
	}
	name := fmt.Sprintf("%02d-%s-%s-%s.pprof", b.runs, b.stage, strings.ReplaceAll(p.name, "/", "-"), key)
	path := filepath.Join(b.res.profiles, name)
	go func() {
		done <- fetch(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", p.pprof, max(1, int(d.Seconds()))), path)
	}()
	return done
}

func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
