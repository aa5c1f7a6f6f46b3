package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/folio-cms/folio/internal/content"
)

type idemRow struct {
	Caller      string
	Key         string
	Fingerprint string
	State       string
	Status      int
	Headers     string
	Body        []byte
	LockedUntil time.Time
	ExpiresAt   time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (idemRow) TableName() string { return "idempotency_keys" }

func (r idemRow) record() content.IdempotencyRecord {
	return content.IdempotencyRecord{Caller: r.Caller, Key: r.Key, Fingerprint: r.Fingerprint, Done: r.State == "done",
		Status: r.Status, Headers: r.Headers, Body: r.Body, LockedUntil: r.LockedUntil.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
}

// ReserveIdempotencyKey claims (caller, key) for a new request. It returns
// claimed=true when the caller should run the request; otherwise the
// existing record, which is either a finished response or one in flight.
// An expired record, or an in-flight one whose lock ran out (its process
// died), is taken over.
func (s *Store) ReserveIdempotencyKey(ctx context.Context, r content.IdempotencyRecord) (content.IdempotencyRecord, bool, error) {
	var existing content.IdempotencyRecord
	claimed := false
	err := s.InTx(ctx, func(tx *Store) error {
		var row idemRow
		q := tx.write(ctx)
		if tx.dialect == DialectPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"}) // SQLite's BEGIN IMMEDIATE already serializes this
		}
		err := q.Where("caller = ? AND key = ?", r.Caller, r.Key).Take(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
		case err != nil:
			return err
		case row.ExpiresAt.After(r.CreatedAt) && (row.State == "done" || row.LockedUntil.After(r.CreatedAt)):
			existing = row.record()
			return nil
		default:
			if err := tx.write(ctx).Where("caller = ? AND key = ?", r.Caller, r.Key).Delete(&idemRow{}).Error; err != nil {
				return err
			}
		}
		claimed = true
		row = idemRow{Caller: r.Caller, Key: r.Key, Fingerprint: r.Fingerprint, State: "in_flight", Headers: "{}",
			LockedUntil: r.LockedUntil.UTC(), ExpiresAt: r.ExpiresAt.UTC(), CreatedAt: r.CreatedAt.UTC()}
		return tx.write(ctx).Create(&row).Error
	})
	if err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			// Another request claimed it between our read and insert (PostgreSQL).
			return content.IdempotencyRecord{Fingerprint: r.Fingerprint}, false, nil
		}
		return existing, false, translate(err, "reserve idempotency key")
	}
	if claimed {
		return r, true, nil
	}
	return existing, false, nil
}

// CompleteIdempotencyKey stores the response of a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, r content.IdempotencyRecord) error {
	res := s.write(ctx).Model(&idemRow{}).Where("caller = ? AND key = ? AND state = 'in_flight'", r.Caller, r.Key).
		Updates(map[string]any{"state": "done", "status": r.Status, "headers": r.Headers, "body": r.Body})
	if res.Error != nil {
		return translate(res.Error, "complete idempotency key")
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("complete idempotency key: %w", content.ErrNotFound)
	}
	return nil
}

// ReleaseIdempotencyKey forgets a claimed key whose request failed on the
// server side, so a retry runs again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, caller, key string) error {
	err := s.write(ctx).Where("caller = ? AND key = ? AND state = 'in_flight'", caller, key).Delete(&idemRow{}).Error
	return translate(err, "release idempotency key")
}

// PurgeIdempotencyKeys deletes the records that expired before now and
// returns how many went.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, now time.Time) (int64, error) {
	res := s.write(ctx).Where("expires_at < ?", now.UTC()).Delete(&idemRow{})
	return res.RowsAffected, translate(res.Error, "purge idempotency keys")
}
