package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the server's admin statements
)

// databases is where a run's posts live: SQLite files seeded once into the
// cache directory and copied for each run (the default), or, with
// BENCH_POSTGRES_URL, databases on that PostgreSQL server, seeded once
// (named by size and seed key) and cloned for each run with CREATE
// DATABASE … TEMPLATE.
type databases struct {
	cacheDir string
	tmp      string
	logf     func(string, ...any)
	// pg is the server's admin connection, nil on SQLite; pgURL its URL.
	pg    *sql.DB
	pgURL *url.URL
	runs  int
}

func openDatabases(ctx context.Context, cfg config, tmp string, logf func(string, ...any)) (*databases, error) {
	d := &databases{cacheDir: cfg.CacheDir, tmp: tmp, logf: logf}
	if cfg.Postgres == "" {
		return d, nil
	}
	u, err := url.Parse(cfg.Postgres)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("BENCH_POSTGRES_URL: not a postgres:// URL: %q", cfg.Postgres)
	}
	db, err := sql.Open("pgx", cfg.Postgres)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("BENCH_POSTGRES_URL: %w", err)
	}
	d.pg, d.pgURL = db, u
	return d, nil
}

func (d *databases) close() error {
	if d.pg == nil {
		return nil
	}
	return d.pg.Close()
}

// dialect names where the posts live, for the report.
func (d *databases) dialect(ctx context.Context) string {
	if d.pg == nil {
		return "SQLite"
	}
	var v string
	if err := d.pg.QueryRowContext(ctx, "SHOW server_version").Scan(&v); err != nil {
		v = "?"
	}
	return fmt.Sprintf("PostgreSQL %s at %s (its server is not pinned: it shares the CPUs of folio and the generator)", v, d.pgURL.Host)
}

// working returns a database holding n seeded posts that the run may
// write to (a copy of the seeded one), and how to remove it.
func (d *databases) working(ctx context.Context, n int) (dsn string, remove func() error, err error) {
	d.runs++
	if d.pg == nil {
		src, err := seeded(ctx, d.cacheDir, n, d.logf)
		if err != nil {
			return "", nil, err
		}
		dst := filepath.Join(d.tmp, fmt.Sprintf("run-%d-%d.db", d.runs, n))
		if err := copyFile(src, dst); err != nil {
			return "", nil, err
		}
		return dst, func() error { return os.Remove(dst) }, nil
	}
	src, err := d.seededPostgres(ctx, n)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("folio_bench_run_%d_%d", os.Getpid(), d.runs)
	if _, err := d.pg.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+src); err != nil {
		return "", nil, fmt.Errorf("copy %s: %w", src, err)
	}
	remove = func() error {
		// The run's folio has stopped; WITH (FORCE) ends what is left of its pool.
		_, err := d.pg.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	}
	return d.urlOf(name), remove, nil
}

// pgName is what seededPostgres names its databases: folio_bench_<posts>_<seed key>.
var pgName = regexp.MustCompile(`^folio_bench_([0-9]+)_([0-9a-f]+)$`)

// seededPostgres returns the name of the database holding n seeded posts,
// seeding it first unless an earlier run did. It seeds under a temporary
// name and renames when complete, so an interrupted run leaves no
// half-seeded database behind under the real name.
func (d *databases) seededPostgres(ctx context.Context, n int) (string, error) {
	key, err := seedKey()
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("folio_bench_%d_%s", n, key)
	var exists bool
	if err := d.pg.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		d.logf("reusing PostgreSQL database %s", name)
		return name, nil
	}
	partial := name + "_partial"
	if _, err := d.pg.ExecContext(ctx, "DROP DATABASE IF EXISTS "+partial+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := d.pg.ExecContext(ctx, "CREATE DATABASE "+partial); err != nil {
		return "", err
	}
	start := time.Now()
	d.logf("seeding %d posts into PostgreSQL database %s", n, name)
	if err := writeSeed(ctx, d.urlOf(partial), n); err != nil {
		return "", fmt.Errorf("seed %d posts: %w", n, err)
	}
	// Statistics now, as autovacuum would a little later: a run started
	// on a database the planner knows nothing of measures bad plans.
	if err := d.analyze(ctx, partial); err != nil {
		return "", err
	}
	if _, err := d.pg.ExecContext(ctx, "ALTER DATABASE "+partial+" RENAME TO "+name); err != nil {
		return "", err
	}
	d.logf("seeded %d posts in %s", n, time.Since(start).Round(time.Second))
	return name, d.dropStale(ctx, n, name)
}

func (d *databases) analyze(ctx context.Context, name string) error {
	db, err := sql.Open("pgx", d.urlOf(name))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}

// dropStale drops the databases of n posts seeded by older sources, which
// will never be used again.
func (d *databases) dropStale(ctx context.Context, n int, keep string) error {
	rows, err := d.pg.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'folio_bench_%'")
	if err != nil {
		return err
	}
	var stale []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		if m := pgName.FindStringSubmatch(name); m != nil && m[1] == fmt.Sprint(n) && name != keep {
			stale = append(stale, name)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	for _, name := range stale {
		d.logf("dropping stale PostgreSQL database %s", name)
		if _, err := d.pg.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	return nil
}

// urlOf is the server's URL with the database name.
func (d *databases) urlOf(name string) string {
	u := *d.pgURL
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}
