package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// fixedReads runs the public reads whose statements the store writes out
// in full (the post page, the front page), straight on the read pool's
// database/sql handle, prepared once per pool. Through GORM the same call
// built a statement object, re-scanned the SQL for its placeholders and
// kept the start time in a sync.Map for the observer: with the statement
// itself prepared, that was a quarter of the cache-off post page's time in
// the store (docs/benchmarks.md, seventh session).
type fixedReads struct {
	db *sql.DB
	// dollar: the driver numbers its parameters ($1, $2: PostgreSQL) where
	// the store writes ?, as GORM's dialect would rewrite them.
	dollar bool
	obs    atomic.Pointer[QueryObserver]
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
}

// maxFixedStmts bounds the prepared statements: the front page's text
// varies with its limit (1 to 101) and its cursor, the post page's with
// id or slug, so a few hundred at most; past the bound a statement runs
// unprepared rather than growing the map.
const maxFixedStmts = 512

func newFixedReads(db *sql.DB, dialect string) *fixedReads {
	return &fixedReads{db: db, dollar: dialect == DialectPostgres, stmts: map[string]*sql.Stmt{}}
}

// text is q as the driver takes it. The fixed statements hold no ? but
// their parameters (no literal, no operator spelled with one).
func (f *fixedReads) text(q string) string {
	if !f.dollar {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range []byte(q) {
		if c != '?' {
			b.WriteByte(c)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

func (f *fixedReads) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.stmts[q]; ok {
		return st, nil
	}
	if len(f.stmts) >= maxFixedStmts {
		return nil, nil
	}
	st, err := f.db.PrepareContext(ctx, f.text(q))
	if err != nil {
		return nil, err
	}
	f.stmts[q] = st
	return st, nil
}

// queryFixed runs a statement the store writes out in full on the read
// pool: through fixedReads, or through GORM on a Store bound to a
// transaction, whose reads go through it.
func (s *Store) queryFixed(ctx context.Context, table, q string, args ...any) (*sql.Rows, error) {
	if s.fixed == nil {
		return s.read(ctx).Raw(q, args...).Rows()
	}
	return s.fixed.query(ctx, table, q, args...)
}

// query runs q and reports it to the observer as GORM's row callback
// would, with the table it reads.
func (f *fixedReads) query(ctx context.Context, table, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	st, err := f.stmt(ctx, q)
	var rows *sql.Rows
	switch {
	case err != nil:
	case st != nil:
		rows, err = st.QueryContext(ctx, args...)
	default:
		rows, err = f.db.QueryContext(ctx, f.text(q), args...)
	}
	if obs := f.obs.Load(); obs != nil {
		(*obs)(ctx, "row", table, time.Since(start), err)
	}
	return rows, err
}

// close closes the prepared statements.
func (f *fixedReads) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for q, st := range f.stmts {
		st.Close()
		delete(f.stmts, q)
	}
}
