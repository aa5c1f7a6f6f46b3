package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// QueryObserver hears about every statement GORM runs: the context the
// statement ran under (so tracing can hang a child span on the request's
// span), the operation (query, create, update, delete, row, raw), the table,
// how long it took and its error. A First that finds no row is reported
// without an error: it is an answer, not a failure. Metrics, tracing and
// tests use it; it must be quick and safe for concurrent use.
type QueryObserver func(ctx context.Context, op, table string, d time.Duration, err error)

const startKey = "folio:start"

// Observe registers obs on every pool of the store.
func (s *Store) Observe(obs QueryObserver) error {
	seen := map[*gorm.DB]bool{}
	for _, db := range []*gorm.DB{s.w, s.r} {
		if seen[db] {
			continue
		}
		seen[db] = true
		if err := register(db, obs); err != nil {
			return err
		}
	}
	if s.fixed != nil {
		s.fixed.obs.Store(&obs)
	}
	return nil
}

func register(db *gorm.DB, obs QueryObserver) error {
	before := func(tx *gorm.DB) { tx.InstanceSet(startKey, time.Now()) }
	after := func(op string) func(*gorm.DB) {
		return func(tx *gorm.DB) {
			v, ok := tx.InstanceGet(startKey)
			start, _ := v.(time.Time)
			if !ok {
				start = time.Now()
			}
			err := tx.Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				err = nil
			}
			obs(tx.Statement.Context, op, tx.Statement.Table, time.Since(start), err)
		}
	}
	cb := db.Callback()
	return errors.Join(
		cb.Query().Before("gorm:query").Register("folio:before_query", before),
		cb.Query().After("gorm:query").Register("folio:after_query", after("query")),
		cb.Create().Before("gorm:create").Register("folio:before_create", before),
		cb.Create().After("gorm:create").Register("folio:after_create", after("create")),
		cb.Update().Before("gorm:update").Register("folio:before_update", before),
		cb.Update().After("gorm:update").Register("folio:after_update", after("update")),
		cb.Delete().Before("gorm:delete").Register("folio:before_delete", before),
		cb.Delete().After("gorm:delete").Register("folio:after_delete", after("delete")),
		cb.Row().Before("gorm:row").Register("folio:before_row", before),
		cb.Row().After("gorm:row").Register("folio:after_row", after("row")),
		cb.Raw().Before("gorm:raw").Register("folio:before_raw", before),
		cb.Raw().After("gorm:raw").Register("folio:after_raw", after("raw")),
	)
}
