package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// TestSQLiteKeepsPreparedStatements runs the post page statement as a
// prepared statement of the driver, with a new slug each time, on every
// SQLite pool of the store and on the plain driver. Folio's connections
// have the query planner stability guarantee on and never prepare it
// again; the plain driver, which clears the bindings before each run,
// prepares it again on every run after the first (SQLite 3.54; see
// sqliteDriver).
func TestSQLiteKeepsPreparedStatements(t *testing.T) {
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip("sqlite only")
	}
	dir := t.TempDir()
	st, err := store.Open(context.Background(), store.Options{URL: filepath.Join(dir, "folio.db"), Readers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	const runs = 5
	for name, db := range st.Pools() {
		on, n := reprepares(t, db, st.PostPageSQL(), runs)
		if !on || n != 0 {
			t.Errorf("%s pool: QPSG on = %v, statement prepared again %d times in %d runs", name, on, n, runs)
		}
	}
	plain, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "folio.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if on, n := reprepares(t, plain, st.PostPageSQL(), runs); on || n < runs-1 {
		t.Errorf("plain driver: QPSG on = %v, statement prepared again %d times in %d runs; "+
			"if SQLite or the driver no longer do so, the QPSG hook may be unneeded", on, n, runs)
	}
}

// reprepares runs query (parameters: a format and a slug) runs times on
// one connection of db, as one prepared statement of the driver with a new
// slug each run, and returns whether the connection has QPSG on and how
// many times SQLite prepared the statement again.
func reprepares(t *testing.T, db *sql.DB, query string, runs int) (bool, int64) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var (
		on bool
		n  int64
	)
	err = conn.Raw(func(dc any) error {
		c := dc.(*sqlite3.SQLiteConn)
		if on, err = store.QPSGOn(c); err != nil {
			return err
		}
		ds, err := c.Prepare(query)
		if err != nil {
			return err
		}
		defer ds.Close()
		for i := range runs {
			args := []driver.NamedValue{{Ordinal: 1, Value: "v1"}, {Ordinal: 2, Value: "slug-" + string(rune('a'+i))}}
			rows, err := ds.(driver.StmtQueryContext).QueryContext(ctx, args)
			if err != nil {
				return err
			}
			dest := make([]driver.Value, len(rows.Columns()))
			for err == nil {
				err = rows.Next(dest)
			}
			rows.Close()
			if !errors.Is(err, io.EOF) {
				return err
			}
		}
		// The driver keeps SQLite's count of the statement's re-prepares.
		f := reflect.ValueOf(ds).Elem().FieldByName("repreps")
		if !f.IsValid() {
			return errors.New("the driver's statement no longer has repreps; count re-prepares another way")
		}
		n = f.Int()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return on, n
}

// TestSQLiteSavepointsOpenNoTempFile changes some 300 KB of existing pages
// inside a savepoint on the writer, as the group commit's savepoints do,
// and looks for SQLite's temporary files among the process's open files.
// With temp_store=MEMORY the savepoint's journal of the pages' old content
// stays in memory; with the default, past 64 KB it goes to an unlinked
// temporary file, written page by page with a syscall each
// (docs/benchmarks.md, tenth session).
func TestSQLiteSavepointsOpenNoTempFile(t *testing.T) {
	if testutil.Dialect() != store.DialectSQLite {
		t.Skip("sqlite only")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/fd")
	}
	st, err := store.Open(context.Background(), store.Options{URL: filepath.Join(t.TempDir(), "folio.db"), Readers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	conn, err := st.Pools()["primary"].Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{
		"CREATE TABLE filler (id INTEGER PRIMARY KEY, v BLOB)",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) " +
			"INSERT INTO filler (id, v) SELECT i, zeroblob(1000) FROM n",
		"BEGIN IMMEDIATE",
		"SAVEPOINT writer",
		"UPDATE filler SET v = randomblob(1000)",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	temp := sqliteTempFiles(t)
	for _, q := range []string{"ROLLBACK TO writer", "RELEASE writer", "ROLLBACK"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if len(temp) > 0 {
		t.Errorf("a savepoint on the writer opened temporary files: %v", temp)
	}
	// The readers keep SQLite's default, so a large sort spills to a file.
	var mode int
	if err := st.Pools()["readers"].QueryRowContext(ctx, "PRAGMA temp_store").Scan(&mode); err != nil || mode != 0 {
		t.Errorf("readers' temp_store = %d (%v), want 0 (default)", mode, err)
	}
}

// sqliteTempFiles lists the process's open files that were unlinked:
// SQLite's temporary files are (opened with O_TMPFILE, or named etilqs_*
// and unlinked at once).
func sqliteTempFiles(t *testing.T) []string {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasSuffix(target, " (deleted)") {
			names = append(names, target)
		}
	}
	return names
}
