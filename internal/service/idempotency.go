package service

import (
	"context"
	"fmt"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// Idempotency timing: a response is kept for a day; a request in flight
// holds its key for a minute, after which a retry may take it over (its
// process is taken to have died).
const (
	IdempotencyTTL  = 24 * time.Hour
	IdempotencyLock = time.Minute
	MaxIdemKeyLen   = 255
)

// BeginIdempotent claims key for caller's request with the given
// fingerprint (a hash of method, path and body). It returns claimed=true
// when the request should run, or the finished response to replay. A key
// reused with another body is a ValidationError (422); a key whose first
// request is still running is ErrConflict (409).
func (s *Service) BeginIdempotent(ctx context.Context, caller, key, fingerprint string) (content.IdempotencyRecord, bool, error) {
	if len(key) == 0 || len(key) > MaxIdemKeyLen || !printable(key) {
		return content.IdempotencyRecord{}, false, content.BadParam("Idempotency-Key", "must be 1 to %d printable ASCII characters", MaxIdemKeyLen)
	}
	now := s.Now()
	rec, claimed, err := s.store.ReserveIdempotencyKey(ctx, content.IdempotencyRecord{Caller: caller, Key: key,
		Fingerprint: fingerprint, CreatedAt: now, LockedUntil: now.Add(IdempotencyLock), ExpiresAt: now.Add(IdempotencyTTL)})
	switch {
	case err != nil:
		return rec, false, fmt.Errorf("idempotency key: %w", err)
	case claimed:
		return rec, true, nil
	case rec.Fingerprint != fingerprint:
		return rec, false, content.Invalid("Idempotency-Key", "was used with a different request; use a new key")
	case !rec.Done:
		return rec, false, content.Public(content.ErrConflict, "a request with this Idempotency-Key is still in flight; retry later")
	}
	return rec, false, nil
}

// FinishIdempotent stores the response of a claimed request for replay.
func (s *Service) FinishIdempotent(ctx context.Context, rec content.IdempotencyRecord) error {
	return s.store.CompleteIdempotencyKey(ctx, rec)
}

// AbandonIdempotent frees a claimed key after a server-side failure, so the
// client's retry runs the request again.
func (s *Service) AbandonIdempotent(ctx context.Context, caller, key string) error {
	return s.store.ReleaseIdempotencyKey(ctx, caller, key)
}

// PurgeIdempotencyKeys deletes expired records and returns how many.
func (s *Service) PurgeIdempotencyKeys(ctx context.Context) (int64, error) {
	return s.store.PurgeIdempotencyKeys(ctx, s.Now())
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
