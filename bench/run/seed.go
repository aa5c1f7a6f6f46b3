package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/seed"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/store"
)

// The admin that the seeding step creates, so that the write workloads can
// log in (folio creates its first admin only in a database with no users).
const (
	adminEmail    = "bench-admin@example.com"
	adminPassword = "bench-admin-password"
)

// seedSources are hashed into the name of a seeded file, so that a change to
// what is seeded, or to the schema, makes a new file instead of reusing a
// stale one (which folio would otherwise migrate at every start).
// The renderer of the read model is in it too: the seeded files carry
// rendered views (a view in another format would be rendered again by
// folio at start, while the benchmark measures).
var seedSources = []string{"internal/seed/seed.go", "bench/run/seed.go", "internal/store/migrations", "api",
	"internal/httpapi/convert.go", "internal/httpapi/views.go", "internal/httpapi/respond.go", "internal/httpapi/posts.go"}

// seeded returns the path of a database holding n seeded posts and the
// bench admin, writing it into dir first unless a previous run already did.
// The file is written under a temporary name and renamed when complete, so
// an interrupted run never leaves a half-seeded file behind.
func seeded(ctx context.Context, dir string, n int, logf func(string, ...any)) (string, error) {
	key, err := seedKey()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("posts-%d-%s.db", n, key))
	if _, err := os.Stat(path); err == nil {
		logf("reusing %s", path)
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	tmp := path + ".partial"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		_ = os.Remove(f)
	}
	start := time.Now()
	logf("seeding %d posts into %s", n, path)
	if err := writeSeed(ctx, tmp, n); err != nil {
		return "", fmt.Errorf("seed %d posts: %w", n, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	logf("seeded %d posts in %s", n, time.Since(start).Round(time.Second))
	// Files of the same size seeded by older sources will never be used again.
	stale, _ := filepath.Glob(filepath.Join(dir, fmt.Sprintf("posts-%d-*.db", n)))
	for _, f := range stale {
		if f != path {
			logf("removing stale %s", f)
			_ = os.Remove(f)
		}
	}
	return path, nil
}

// seedOnly writes the bench admin and BENCH_SEED_POSTS posts (10,000) into
// the empty database at url, as the load benchmark seeds its SQLite files,
// and returns: a PostgreSQL database for the store's search benchmark
// (BenchmarkSearchSeeded with FOLIO_BENCH_DB=url), for instance.
func seedOnly(ctx context.Context, getenv func(string) string, url string) error {
	n, err := envInt(getenv, "BENCH_SEED_POSTS", 10000)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := writeSeed(ctx, url, n); err != nil {
		return fmt.Errorf("seed %d posts: %w", n, err)
	}
	fmt.Fprintf(os.Stderr, "seeded %d posts in %s\n", n, time.Since(start).Round(time.Second))
	return nil
}

// writeSeed writes the admin and n posts into a new database at path (a
// SQLite file, or a PostgreSQL URL). Closing the store checkpoints a SQLite
// WAL into the file, so that the one file is the whole database.
func writeSeed(ctx context.Context, path string, n int) error {
	st, err := store.Open(ctx, store.Options{URL: path})
	if err != nil {
		return err
	}
	err = fill(ctx, st, n)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return fmt.Errorf("%s-wal is still there after close", path)
	}
	return nil
}

func fill(ctx context.Context, st *store.Store, n int) error {
	hash, err := auth.NewHasher(1024).Hash(adminPassword)
	if err != nil {
		return err
	}
	admin := content.User{ID: content.NewID(), Email: adminEmail, Slug: "bench-admin", Name: "Bench Admin",
		Role: content.RoleAdmin, PasswordHash: hash, TokenVersion: 1, CreatedAt: seed.Base, UpdatedAt: seed.Base}
	if err := st.CreateUser(ctx, admin); err != nil {
		return err
	}
	if err := seed.Posts(ctx, st, n); err != nil {
		return err
	}
	// Render the read model as folio's projector would after these writes.
	svc := service.New(service.Options{Store: st, Views: httpapi.RenderPostView})
	_, err = svc.ProjectViews(ctx)
	return err
}

// seedKey hashes the files of seedSources, folders walked in lexical order.
func seedKey() (string, error) {
	h := sha256.New()
	for _, src := range seedSources {
		err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("hash seed sources (run from the repository root): %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// copyFile copies the database at src to dst, for a run that may write.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
