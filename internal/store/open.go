package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// gormConfig is the GORM set-up of every pool. PrepareStmt stays off on
// purpose: measured on the list benchmark it saved allocations but no time
// on SQLite (about 355 µs/op either way, while SQLite still prepared every
// statement again on each run; see sqliteDriver), and on PostgreSQL it deadlocked
// the concurrency test, because GORM prepares on the pool while a
// transaction holds a connection and the pool is exhausted.
func gormConfig() *gorm.Config {
	return &gorm.Config{
		SkipDefaultTransaction: true,
		TranslateError:         true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
}

// sqlitePath extracts the file path from a path, sqlite:// or file: URL.
func sqlitePath(raw string) string {
	for _, p := range []string{"sqlite3://", "sqlite://", "file:"} {
		if strings.HasPrefix(raw, p) {
			raw = strings.TrimPrefix(raw, p)
			if i := strings.IndexByte(raw, '?'); i >= 0 {
				raw = raw[:i]
			}
			return raw
		}
	}
	return raw
}

// writerStmtCache is how many prepared statements the SQLite writer keeps:
// the write paths use a few dozen distinct statements.
const writerStmtCache = 128

func sqliteDSN(path string, readOnly bool, sync string) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_cache_size", "-16000")
	if readOnly {
		q.Set("_query_only", "on")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", sync)
		q.Set("_txlock", "immediate")
		// The writer's prepared statements, cached by the driver per
		// connection: GORM's PrepareStmt cannot be used on a one-connection
		// pool that runs transactions (see gormConfig), and parsing each
		// statement anew was 7.5 % of a create's CPU (docs/benchmarks.md).
		q.Set("_stmt_cache_size", strconv.Itoa(writerStmtCache))
	}
	return "file:" + path + "?" + q.Encode()
}

// sqliteDialector is GORM's SQLite dialect on Folio's driver (see
// sqliteDriver).
func sqliteDialector(dsn string) gorm.Dialector {
	return sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: dsn})
}

// openSQLite opens one writer connection and a pool of readers on the same
// file. Only the writer ever writes, so writers queue in the pool instead of
// failing with "database is locked", and WAL lets readers run beside it.
func openSQLite(ctx context.Context, opts Options) (*Store, error) {
	path := sqlitePath(opts.URL)
	if path == "" || path == ":memory:" {
		return nil, errors.New("open sqlite: a file path is required (WAL needs a file)")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	sync := strings.ToUpper(opts.Synchronous)
	if sync != "FULL" {
		sync = "NORMAL"
	}
	w, err := gorm.Open(sqliteDialector(sqliteDSN(path, false, sync)), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	wdb, _ := w.DB()
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := checkFTS5(ctx, w); err != nil {
		wdb.Close()
		return nil, err
	}
	rcfg := gormConfig()
	// The read-only pool never runs a transaction, so the pool deadlock
	// described on gormConfig cannot happen there; caching its prepared
	// statements saves a parse per read.
	rcfg.PrepareStmt, rcfg.PrepareStmtMaxSize, rcfg.PrepareStmtTTL = true, 256, time.Hour
	r, err := gorm.Open(sqliteDialector(sqliteDSN(path, true, sync)), rcfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	rdb, _ := r.DB()
	n := max(opts.Readers, 1)
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	cdb, err := sql.Open(sqliteDriver, sqliteDSN(path, false, sync))
	if err != nil {
		rdb.Close()
		wdb.Close()
		return nil, fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	cdb.SetMaxOpenConns(1)
	interval := opts.CheckpointInterval
	if interval <= 0 {
		interval = DefaultCheckpointInterval
	}
	return &Store{w: w, r: r, dialect: DialectSQLite, closers: []*sql.DB{rdb, wdb}, fixed: newFixedReads(rdb, DialectSQLite),
		searchWindow: searchWindow(opts), ckpt: startCheckpointer(ctx, cdb, path, interval)}, nil
}

// searchWindow is opts.SearchWindow, DefaultSearchWindow when unset.
func searchWindow(opts Options) int {
	if opts.SearchWindow <= 0 {
		return DefaultSearchWindow
	}
	return opts.SearchWindow
}

// checkFTS5 fails with a clear message when the binary was built without the
// sqlite_fts5 tag, which search needs.
func checkFTS5(ctx context.Context, db *gorm.DB) error {
	var used int
	err := db.WithContext(ctx).Raw("SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&used).Error
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	if used != 1 {
		return errors.New("open sqlite: this binary was built without FTS5; build with `-tags sqlite_fts5` (make build does)")
	}
	return nil
}

func openPostgres(opts Options) (*Store, error) {
	primary, err := openPostgresPool(opts.URL, opts)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	s := &Store{w: primary, r: primary, dialect: DialectPostgres, searchWindow: searchWindow(opts)}
	pdb, _ := primary.DB()
	s.closers, s.fixed = []*sql.DB{pdb}, newFixedReads(pdb, DialectPostgres)
	if opts.ReplicaURL == "" {
		return s, nil
	}
	replica, err := openPostgresPool(opts.ReplicaURL, opts)
	if err != nil {
		pdb.Close()
		return nil, fmt.Errorf("open postgres replica: %w", err)
	}
	rdb, _ := replica.DB()
	s.r, s.closers, s.fixed = replica, append(s.closers, rdb), newFixedReads(rdb, DialectPostgres)
	return s, nil
}

func openPostgresPool(url string, opts Options) (*gorm.DB, error) {
	db, err := gorm.Open(postgres.Open(url), gormConfig())
	if err != nil {
		return nil, err
	}
	sqlDB, _ := db.DB()
	n := opts.Readers
	if n <= 0 {
		n = 10
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	lifetime := opts.ConnMaxLifetime
	if lifetime <= 0 {
		lifetime = 30 * time.Minute
	}
	sqlDB.SetConnMaxLifetime(lifetime)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}
