package store

/*
typedef struct sqlite3 sqlite3;
int sqlite3_db_config(sqlite3*, int op, ...);

// SQLITE_DBCONFIG_ENABLE_QPSG (sqlite3.h): on is 1 to turn it on, -1 to
// leave it; the flag's state lands in *state. Returns SQLite's code.
static int folio_qpsg(void *db, int on, int *state) {
	return sqlite3_db_config((sqlite3*)db, 1007, on, state);
}
*/
import "C"

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// sqliteDriver is the name Folio opens its SQLite pools with: mattn's
// driver, whose every connection has the query planner stability
// guarantee (QPSG) on.
//
// Why: since SQLite 3.5x the planner marks a statement to be prepared
// again when a parameter compared by `=` is bound anew (its guess of how
// selective the term is differs for the values 0 and 1), and mattn's
// driver clears the bindings before every execution, which expires every
// statement so marked. Nearly every statement with a `col = ?` was parsed
// and planned again on each run: 14 % of folio's CPU on get-by-slug with
// the cache off, and the prepared statements of the readers and the
// writer's statement cache saved nothing (docs/benchmarks.md, seventh
// session). With QPSG the plan never depends on bound values, which is
// what a prepared statement promises anyway; SQLite then keeps them.
const sqliteDriver = "sqlite3-folio"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: setUpConn})
}

// setUpConn sets a new connection up: wal_autocheckpoint (see
// checkpointer; only a connection that commits checkpoints inline, so this
// matters to the writer alone), the writer's temporary files in memory,
// and the planner guarantee.
//
// temp_store=MEMORY keeps the journal of each savepoint in memory. Every
// writer of a group commit runs in a savepoint (service.groupCommit), so
// SQLite keeps the old content of every page a writer changes until the
// savepoint is released; past 64 KB the default put it in a temporary
// file, one write syscall per page: some 110 KB and 50 syscalls a create,
// as many as the write-ahead log itself (strace, docs/benchmarks.md).
// The journal is freed when the transaction ends; a batch's holds a few
// hundred KB. The readers keep the default: a large sort spills to a file
// rather than growing the heap. (A VACUUM on the writer would now build
// its copy of the database in memory; Folio runs none, and an operator's
// sqlite3 shell has its own setting.)
func setUpConn(c *sqlite3.SQLiteConn) error {
	if _, err := c.Exec("PRAGMA wal_autocheckpoint="+strconv.Itoa(walAutocheckpoint), nil); err != nil {
		return fmt.Errorf("sqlite: set wal_autocheckpoint: %w", err)
	}
	ro, err := queryOnly(c)
	if err != nil {
		return err
	}
	if !ro {
		if _, err := c.Exec("PRAGMA temp_store=MEMORY", nil); err != nil {
			return fmt.Errorf("sqlite: set temp_store: %w", err)
		}
	}
	return enableQPSG(c)
}

// enableQPSG turns the guarantee on for a new connection. mattn's driver
// has no call for sqlite3_db_config, so its handle is read from the
// connection; a driver version without it fails every open, loudly,
// rather than running slower unnoticed.
func enableQPSG(c *sqlite3.SQLiteConn) error {
	h, err := sqliteHandle(c)
	if err != nil {
		return err
	}
	var state C.int
	if rc := C.folio_qpsg(h, 1, &state); rc != 0 || state != 1 {
		return fmt.Errorf("sqlite: enable the query planner stability guarantee: code %d", int(rc))
	}
	return nil
}

// qpsgOn reports whether the connection has the guarantee on.
func qpsgOn(c *sqlite3.SQLiteConn) (bool, error) {
	h, err := sqliteHandle(c)
	if err != nil {
		return false, err
	}
	var state C.int
	if rc := C.folio_qpsg(h, -1, &state); rc != 0 {
		return false, fmt.Errorf("sqlite: read the query planner stability guarantee: code %d", int(rc))
	}
	return state == 1, nil
}

// queryOnly reports whether c is one of the read-only connections (the
// driver runs the DSN's pragmas before the hook).
func queryOnly(c *sqlite3.SQLiteConn) (bool, error) {
	rows, err := c.Query("PRAGMA query_only", nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: read query_only: %w", err)
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return false, fmt.Errorf("sqlite: read query_only: %w", err)
	}
	on, _ := v[0].(int64)
	return on == 1, nil
}

// sqliteHandle is the connection's sqlite3 pointer, the unexported field db
// of mattn's SQLiteConn.
func sqliteHandle(c *sqlite3.SQLiteConn) (unsafe.Pointer, error) {
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, errors.New("sqlite: this version of github.com/mattn/go-sqlite3 has no SQLiteConn.db handle; folio needs it to set the connection up")
	}
	return f.UnsafePointer(), nil
}
