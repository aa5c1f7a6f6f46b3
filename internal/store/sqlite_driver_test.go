package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"reflect"
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
