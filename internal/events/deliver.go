package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// maxResponseBody is how much of a receiver's answer is read (and thrown
// away) so the connection can be reused; the rest is never read.
const maxResponseBody = 64 << 10

// send POSTs e to hook, signed, and returns the status code. A status
// outside 2xx is an error, 3xx included: redirects are not followed.
func (d *Dispatcher) send(ctx context.Context, hook content.Webhook, e content.Event) (int, error) {
	body, err := Payload(e)
	if err != nil {
		return 0, fmt.Errorf("encode event %d: %w", e.ID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	ctx, span := d.o.Tracer.Start(ctx, "webhook deliver", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("folio.webhook.id", hook.ID), attribute.Int64("folio.event.id", e.ID),
			attribute.String("folio.event.type", e.Type)))
	defer span.End()
	status, err := d.post(ctx, hook, e, body)
	span.SetAttributes(attribute.Int("http.response.status_code", status))
	if err != nil {
		span.SetStatus(codes.Error, errorText(err))
	}
	return status, err
}

// post makes one signed delivery request; the span in ctx names it to the
// receiver through traceparent.
func (d *Dispatcher) post(ctx context.Context, hook content.Webhook, e content.Event, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	ts := d.o.Now().Unix()
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "Folio-Webhooks/1")
	h.Set(HeaderEvent, e.Type)
	h.Set(HeaderDelivery, DeliveryID(hook.ID, e))
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, Sign(hook.Secret, body))
	h.Set(HeaderTimestampSignature, SignTimestamped(hook.Secret, ts, body))
	propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(h))
	res, err := d.o.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, maxResponseBody))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return res.StatusCode, nil
	case res.StatusCode >= 300 && res.StatusCode < 400:
		return res.StatusCode, fmt.Errorf("answered %d; redirects are not followed", res.StatusCode)
	}
	return res.StatusCode, fmt.Errorf("answered %d", res.StatusCode)
}

// recordSuccess logs the attempt and moves the position past its event in
// one transaction: the position never moves without a recorded 2xx.
func (d *Dispatcher) recordSuccess(ctx context.Context, dl content.Delivery) error {
	return d.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AdvanceWebhook(ctx, dl.WebhookID, dl.EventID, true); err != nil {
			return err
		}
		return tx.InsertDelivery(ctx, &dl)
	})
}

// recordFailure logs the attempt, counts the failure and, when the run of
// failures reaches MaxFailures, disables the webhook and appends
// webhook.disabled, all in one transaction. It returns the backoff before
// the retry, and stop when the webhook is now disabled or gone.
func (d *Dispatcher) recordFailure(ctx context.Context, dl content.Delivery) (time.Duration, bool) {
	wait := backoff(d.o.RetryBase, d.o.RetryCap, dl.Attempt)
	var disabled bool
	err := d.store.InTx(ctx, func(tx *store.Store) error {
		w, err := tx.LockWebhook(ctx, dl.WebhookID)
		if err != nil {
			return err
		}
		reason := fmt.Sprintf("%d deliveries in a row failed; the last: %s", d.o.MaxFailures, dl.Error)
		disabled = w.RecordFailure(d.o.MaxFailures, reason, dl.CreatedAt)
		dl.Attempt = w.Failures
		if !disabled {
			next := dl.CreatedAt.Add(wait)
			dl.NextRetryAt = &next
		}
		if err := tx.InsertDelivery(ctx, &dl); err != nil {
			return err
		}
		if err := tx.UpdateWebhook(ctx, w); err != nil || !disabled {
			return err
		}
		ev, err := disabledEvent(w, dl.CreatedAt)
		if err != nil {
			return err
		}
		_, err = tx.AppendEvent(ctx, ev)
		return err
	})
	if err != nil {
		if errors.Is(err, content.ErrNotFound) {
			return 0, true // deleted while the attempt ran
		}
		d.logError(ctx, "record failed delivery", err)
		return max(wait, d.o.PollInterval), false
	}
	d.track(dl.WebhookID, 0, &dl.Succeeded)
	d.logFailure(ctx, dl, disabled)
	if disabled {
		d.Notify() // deliver webhook.disabled to the webhooks that want it
	}
	return wait, disabled
}

// backoff is "full jitter": a uniformly random wait in
// [0, min(limit, base·2^(attempt-1))), so receivers that fail together do
// not get their retries together.
func backoff(base, limit time.Duration, attempt int) time.Duration {
	ceiling := limit
	if shift := attempt - 1; shift >= 0 && shift < 40 {
		if c := base << shift; c > 0 && c < limit {
			ceiling = c
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}
