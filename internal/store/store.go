// Package store is Folio's data access over GORM. It speaks SQLite (the
// default: one writer connection and a pool of readers over WAL) and
// PostgreSQL, translates driver errors into content errors, and keeps every
// dialect difference inside this package.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/folio-cms/folio/internal/content"
)

// Dialects Folio runs on.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Options say how to open the database.
type Options struct {
	// URL is a file path, a sqlite:// or file: URL, or a postgres:// URL.
	URL string
	// Readers is the size of the SQLite reader pool; on PostgreSQL it is the
	// pool's maximum open connections.
	Readers int
	// Synchronous is SQLite's synchronous pragma: NORMAL (default) or FULL.
	Synchronous string
	// ReplicaURL, on PostgreSQL, is a read replica for public lists and
	// reads. Whatever must see the latest write (authentication, version
	// checks, idempotency, the event log, reads inside a transaction) stays
	// on the primary; a list read right after a write may lag by the
	// replica's delay.
	ReplicaURL string
	// ConnMaxLifetime recycles PostgreSQL connections.
	ConnMaxLifetime time.Duration
	// SearchWindow is how many of the newest matches a relevance search
	// ranks; 0 is DefaultSearchWindow.
	SearchWindow int
	// CheckpointInterval, on SQLite, is how often a connection of its own
	// checkpoints the write-ahead log (see checkpointer); 0 is
	// DefaultCheckpointInterval.
	CheckpointInterval time.Duration
}

// Store reads and writes Folio's data. A Store from InTx is bound to one
// transaction; its reads see the transaction's writes.
type Store struct {
	w       *gorm.DB // the primary: writes, and reads that must see them
	r       *gorm.DB // readers: SQLite's read-only pool, or the same pool on PostgreSQL
	dialect string
	closers []*sql.DB
	// fixed runs the fixed public reads on r's pool; nil on a Store bound
	// to a transaction, whose reads go through it.
	fixed *fixedReads
	// searchWindow is how many of the newest matches a relevance search
	// ranks (DefaultSearchWindow).
	searchWindow int
	// ckpt checkpoints SQLite's log; nil on PostgreSQL and on a Store
	// bound to a transaction.
	ckpt *checkpointer
}

// Dialect returns DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string { return s.dialect }

// Open connects to the database of opts and applies pending migrations.
func Open(ctx context.Context, opts Options) (*Store, error) {
	var (
		s   *Store
		err error
	)
	if isPostgres(opts.URL) {
		s, err = openPostgres(opts)
	} else {
		s, err = openSQLite(ctx, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Close closes every pool.
func (s *Store) Close() error {
	var errs []error
	if s.fixed != nil {
		s.fixed.close()
	}
	if s.ckpt != nil {
		errs = append(errs, s.ckpt.close())
	}
	for _, db := range s.closers {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the primary answers.
func (s *Store) Ping(ctx context.Context) error {
	db, err := s.w.DB()
	if err != nil {
		return err
	}
	return db.PingContext(ctx)
}

// Pools returns the named connection pools for metrics.
func (s *Store) Pools() map[string]*sql.DB {
	out := map[string]*sql.DB{}
	if w, err := s.w.DB(); err == nil {
		out["primary"] = w
	}
	if r, err := s.r.DB(); err == nil && s.r != s.w {
		name := "readers"
		if s.dialect == DialectPostgres {
			name = "replica"
		}
		out[name] = r
	}
	return out
}

// InTx runs fn in one write transaction (BEGIN IMMEDIATE on SQLite). fn's
// Store reads and writes through the transaction. An error or panic from fn
// rolls everything back.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.w.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		return fn(&Store{w: db, r: db, dialect: s.dialect, searchWindow: s.searchWindow})
	})
}

func (s *Store) read(ctx context.Context) *gorm.DB  { return s.r.WithContext(ctx) }
func (s *Store) write(ctx context.Context) *gorm.DB { return s.w.WithContext(ctx) }

// current is for the reads that must see every commit (a token's user): on
// PostgreSQL the primary, which a replica may trail; on SQLite a reader,
// which sees every commit made before its statement and does not wait for
// the one writer connection while a batch of writes commits.
func (s *Store) current(ctx context.Context) *gorm.DB {
	if s.dialect == DialectSQLite {
		return s.read(ctx)
	}
	return s.write(ctx)
}

// translate maps driver errors to content errors, keeping the cause.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, content.ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%s: %w: %w", what, content.ErrConflict, err)
	case errors.Is(err, gorm.ErrForeignKeyViolated), isSQLiteForeignKey(err):
		return fmt.Errorf("%s: %w: %w", what, content.ErrConflict, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// isSQLiteForeignKey catches the foreign key failures that the GORM SQLite
// driver does not translate: ON DELETE RESTRICT reports itself with the
// trigger constraint code (1811), not the foreign key one (787).
func isSQLiteForeignKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), "FOREIGN KEY")
}
