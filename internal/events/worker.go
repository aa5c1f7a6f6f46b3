package events

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

// worker is the goroutine of one webhook. seen is the webhook's updated_at
// at its last pass: a change to it (a PATCH) ends a retry wait early.
type worker struct {
	id   string
	wake chan struct{}
	seen time.Time
}

func (w *worker) nudge() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Waits a pass can ask for.
const (
	untilWoken = time.Duration(-1)
	rightAway  = time.Duration(0)
)

// runWorker delivers one webhook's events until ctx ends or the webhook is
// disabled or deleted. Attempts and their records run on work, which
// outlives ctx by the dispatcher's flush.
func (d *Dispatcher) runWorker(ctx, work context.Context, w *worker) {
	defer d.forget(w)
	for ctx.Err() == nil {
		wait, stop := d.pass(ctx, work, w)
		if stop || !d.sleep(ctx, w, wait) {
			return
		}
	}
}

// pass reads the log after the webhook's position and delivers the events
// it wants, in order, stopping at the first failure. It returns how long to
// wait before the next pass, and stop when the webhook is gone or inactive.
func (d *Dispatcher) pass(ctx, work context.Context, w *worker) (time.Duration, bool) {
	hook, err := d.store.GetWebhook(ctx, w.id)
	if errors.Is(err, content.ErrNotFound) || (err == nil && !hook.Active) {
		return 0, true
	}
	if err != nil {
		d.logError(ctx, "read webhook "+w.id, err)
		return untilWoken, false
	}
	w.seen = hook.UpdatedAt
	d.track(hook.ID, hook.LastEventID, nil)
	if hook.LastEventID >= d.headSeen() {
		return untilWoken, false // nothing new since the last poll read the head
	}
	if !d.claim(ctx, hook.ID) {
		return untilWoken, false // another instance delivers it; the poll looks again
	}
	events, err := d.store.ListEvents(ctx, hook.LastEventID, d.o.BatchSize)
	if err != nil {
		d.logError(ctx, "read the log", err)
		return untilWoken, false
	}
	var skipped int64 // the last unwanted event since the last delivery
	for _, e := range events {
		if ctx.Err() != nil {
			return rightAway, false
		}
		if !hook.Wants(e.Type) {
			skipped = e.ID
			continue
		}
		if !d.claim(ctx, hook.ID) { // renew: a long pass must not outlive its lease
			return untilWoken, false
		}
		if wait, delivered, stop := d.attempt(work, hook, e); !delivered {
			return wait, stop
		}
		skipped = 0
		// A PATCH may have changed the webhook while the attempt ran.
		if hook, err = d.store.GetWebhook(ctx, w.id); err != nil || !hook.Active || hook.LastEventID != e.ID {
			return rightAway, false
		}
		w.seen = hook.UpdatedAt
	}
	if skipped > 0 {
		if err := d.store.AdvanceWebhook(work, hook.ID, skipped, false); err != nil {
			d.logError(ctx, "advance webhook "+hook.ID, err)
			return untilWoken, false
		}
		d.track(hook.ID, skipped, nil)
	}
	if len(events) == d.o.BatchSize {
		return rightAway, false
	}
	return untilWoken, false
}

// sleep waits as pass asked: until woken, or until a retry is due (a wake
// then only ends the wait if the webhook was changed). It returns false
// when ctx ends.
func (d *Dispatcher) sleep(ctx context.Context, w *worker, wait time.Duration) bool {
	if wait == rightAway {
		return ctx.Err() == nil
	}
	var due <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		due = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return false
		case <-due:
			return true
		case <-w.wake:
			if wait < 0 || d.changed(ctx, w) {
				return true
			}
		}
	}
}

// changed reports whether the webhook was updated or deleted since the last pass.
func (d *Dispatcher) changed(ctx context.Context, w *worker) bool {
	hook, err := d.store.GetWebhook(ctx, w.id)
	if err != nil {
		return errors.Is(err, content.ErrNotFound)
	}
	return !hook.UpdatedAt.Equal(w.seen)
}

// attempt sends e to hook once and records the outcome. It reports whether
// the event was delivered; if not, how long to wait before the retry, and
// stop when the failure disabled the webhook.
func (d *Dispatcher) attempt(ctx context.Context, hook content.Webhook, e content.Event) (time.Duration, bool, bool) {
	start := time.Now()
	status, sendErr := d.send(ctx, hook, e)
	dl := content.Delivery{WebhookID: hook.ID, DeliveryID: DeliveryID(hook.ID, e), EventID: e.ID, EventType: e.Type,
		Attempt: hook.Failures + 1, StatusCode: status, Duration: time.Since(start), Succeeded: sendErr == nil,
		CreatedAt: d.o.Now().UTC().Truncate(time.Microsecond)}
	if sendErr != nil {
		dl.Error = errorText(sendErr)
		wait, stop := d.recordFailure(ctx, dl)
		return wait, false, stop
	}
	if err := d.recordSuccess(ctx, dl); err != nil {
		// The receiver has it but the position did not move: it will get
		// it again (at least once), under the same delivery id.
		if errors.Is(err, content.ErrNotFound) {
			return 0, false, true // deleted while the attempt ran
		}
		d.logError(ctx, "record delivery", err)
		return d.o.PollInterval, false, false
	}
	d.track(hook.ID, e.ID, &dl.Succeeded)
	return 0, true, false
}

// errorText is what the delivery log keeps of a failure: without the URL,
// which may hold a token in its path or query, and at most 300 bytes.
func errorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	s := err.Error()
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

func jsonOf(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	return b, err
}

func (d *Dispatcher) logFailure(ctx context.Context, dl content.Delivery, disabled bool) {
	attrs := []any{slog.String("webhook_id", dl.WebhookID), slog.Int64("event_id", dl.EventID),
		slog.Int("attempt", dl.Attempt), slog.Int("status", dl.StatusCode), slog.String("error", dl.Error)}
	if disabled {
		d.log.WarnContext(ctx, "webhook disabled after repeated failures", attrs...)
		return
	}
	d.log.InfoContext(ctx, "webhook delivery failed", attrs...)
}

// claim takes or renews this dispatcher's lease on a webhook.
func (d *Dispatcher) claim(ctx context.Context, id string) bool {
	now := d.o.Now()
	ok, err := d.store.ClaimWebhook(ctx, id, d.o.Owner, now, now.Add(d.o.LeaseTTL))
	if err != nil {
		d.logError(ctx, "claim webhook "+id, err)
		return false
	}
	return ok
}
