package events_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/testutil"
)

// wire is the delivered JSON, decoded strictly.
type wire struct {
	ID         int64           `json:"id"`
	Type       string          `json:"type"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	ActorID    string          `json:"actor_id"`
	RequestID  string          `json:"request_id"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
}

func decode(t *testing.T, body []byte) wire {
	t.Helper()
	var w wire
	if err := json.Unmarshal(body, &w); err != nil {
		t.Fatalf("delivery body %q: %v", body, err)
	}
	return w
}

// TestWebhookDeliverySigned checks one delivery end to end: the receiver
// recomputes both HMACs from the secret, the headers name the event and the
// delivery, the body is the logged event, and unwanted events are skipped.
func TestWebhookDeliverySigned(t *testing.T) {
	r := newRig(t)
	rc := newReceiver(t, nil)
	hook := r.hook(t, rc.URL+"/hook", content.EventTagCreated)
	d := events.New(r.Store, testOptions(events.Options{}))
	run(t, d)

	r.MustUser(t, "Una Wanted", content.RoleAuthor) // user.created: not subscribed
	ids := r.tags(t, "signed", 1)
	eventually(t, 5*time.Second, "one delivery", func() bool { return len(rc.requests()) == 1 })

	got := rc.requests()[0]
	checkSigned(t, hook.Secret, got)
	body := decode(t, got.Body)
	logged, err := r.Store.ListEvents(t.Context(), body.ID-1, 1)
	if err != nil || len(logged) != 1 {
		t.Fatalf("event %d not in the log: %v", body.ID, err)
	}
	e := logged[0]
	if body.Type != e.Type || body.Entity != "tag" || body.EntityID != ids[0] || !body.OccurredAt.Equal(e.OccurredAt) {
		t.Errorf("body = %+v, want the logged event %+v", body, e)
	}
	var tag content.Tag
	if err := json.Unmarshal(body.Data, &tag); err != nil || tag.ID != ids[0] {
		t.Errorf("data = %s, want the new tag", body.Data)
	}
	eventually(t, 5*time.Second, "position at the head", func() bool {
		s := d.Stats()
		return len(s.Webhooks) == 1 && s.Webhooks[0].Lag == 0 && s.Webhooks[0].Delivered == 1
	})
}

// checkSigned recomputes both HMACs of a delivery from the secret and
// checks the other headers.
func checkSigned(t *testing.T, secret string, got received) {
	t.Helper()
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(got.Body)
	if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); got.Header.Get("X-Folio-Signature") != want {
		t.Errorf("X-Folio-Signature = %q, want %q", got.Header.Get("X-Folio-Signature"), want)
	}
	ts := got.Header.Get("X-Folio-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
		t.Errorf("X-Folio-Timestamp = %q, want the current Unix time", ts)
	}
	m = hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(got.Body)
	if want := "sha256=" + hex.EncodeToString(m.Sum(nil)); got.Header.Get("X-Folio-Timestamp-Signature") != want {
		t.Errorf("X-Folio-Timestamp-Signature = %q, want %q", got.Header.Get("X-Folio-Timestamp-Signature"), want)
	}
	if !events.Verify(secret, got.Body, got.Header.Get("X-Folio-Signature")) ||
		events.Verify(secret, append(slices.Clone(got.Body), ' '), got.Header.Get("X-Folio-Signature")) ||
		events.Verify("another-secret-entirely", got.Body, got.Header.Get("X-Folio-Signature")) {
		t.Error("Verify accepts a tampered body or the wrong secret, or refuses the real one")
	}
	if _, err := ulid.ParseStrict(got.Header.Get("X-Folio-Delivery")); err != nil {
		t.Errorf("X-Folio-Delivery = %q, want a ULID", got.Header.Get("X-Folio-Delivery"))
	}
	if got.Header.Get("X-Folio-Event") != content.EventTagCreated || got.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", got.Header)
	}
}

// TestWebhookRetryAfterServerError shows a 500 retried with backoff under
// the same delivery id, each attempt in the log, until a 2xx.
func TestWebhookRetryAfterServerError(t *testing.T) {
	r := newRig(t)
	rc := newReceiver(t, func(n int, _ *http.Request) int {
		if n < 2 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	hook := r.hook(t, rc.URL, "tag.*")
	d := events.New(r.Store, testOptions(events.Options{}))
	run(t, d)
	r.tags(t, "retry", 1)

	eventually(t, 5*time.Second, "three attempts", func() bool { return len(deliveries(t, r.Store, hook.ID)) == 3 })
	log := deliveries(t, r.Store, hook.ID)
	for i, dl := range log {
		wantStatus, wantOK := http.StatusInternalServerError, false
		if i == 2 {
			wantStatus, wantOK = http.StatusOK, true
		}
		if dl.Attempt != i+1 || dl.StatusCode != wantStatus || dl.Succeeded != wantOK || (dl.NextRetryAt != nil) == wantOK {
			t.Errorf("attempt %d = %+v", i+1, dl)
		}
		if dl.DeliveryID != log[0].DeliveryID || dl.EventID != log[0].EventID {
			t.Errorf("attempt %d has delivery %s event %d, want %s %d", i+1, dl.DeliveryID, dl.EventID, log[0].DeliveryID, log[0].EventID)
		}
	}
	got := rc.requests()
	if len(got) != 3 || got[0].Header.Get("X-Folio-Delivery") != got[2].Header.Get("X-Folio-Delivery") {
		t.Errorf("receiver got %d requests, want 3 with one delivery id", len(got))
	}
	w, err := r.Store.GetWebhook(t.Context(), hook.ID)
	if err != nil || w.Failures != 0 || w.LastEventID != log[2].EventID {
		t.Errorf("webhook after success = %+v, %v", w, err)
	}
	eventually(t, 5*time.Second, "stats of 2 failed and 1 delivered", func() bool {
		s := d.Stats()
		return len(s.Webhooks) == 1 && s.Webhooks[0].Failed == 2 && s.Webhooks[0].Delivered == 1
	})
}

// TestWebhookOrderPreserved sends many events to a receiver that fails
// every third request: it must still see them strictly in order, each
// delivered once, while a stuck webhook does not hold up the others.
func TestWebhookOrderPreserved(t *testing.T) {
	r := newRig(t)
	rc := newReceiver(t, func(n int, _ *http.Request) int {
		if n%3 == 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusAccepted
	})
	stuck := newReceiver(t, func(int, *http.Request) int { return http.StatusBadGateway })
	r.hook(t, stuck.URL, "*")
	r.hook(t, rc.URL, "tag.*")
	run(t, events.New(r.Store, testOptions(events.Options{MaxFailures: 1000, BatchSize: 7})))
	const n = 60
	ids := r.tags(t, "order", n)

	eventually(t, 20*time.Second, "every event", func() bool { return len(delivered(t, rc)) == n })
	var last int64
	for i, w := range delivered(t, rc) {
		if w.EntityID != ids[i] || w.ID <= last {
			t.Fatalf("delivery %d = event %d of tag %s, want tag %s after event %d", i, w.ID, w.EntityID, ids[i], last)
		}
		last = w.ID
	}
	var prev int64
	for _, g := range rc.requests() { // failed attempts are retried before anything newer is sent
		if id := decode(t, g.Body).ID; id < prev {
			t.Fatalf("event %d sent after event %d", id, prev)
		} else {
			prev = id
		}
	}
}

// delivered returns the bodies the receiver acknowledged with a 2xx.
func delivered(t *testing.T, rc *receiver) []wire {
	var out []wire
	for _, g := range rc.requests() {
		if g.Status >= 200 && g.Status < 300 {
			out = append(out, decode(t, g.Body))
		}
	}
	return out
}

// TestWebhookDisabledAfterFailures shows the webhook disabled after
// MaxFailures attempts in a row, the webhook.disabled event delivered to
// another subscriber, and a PATCH to active resuming at the same event.
func TestWebhookDisabledAfterFailures(t *testing.T) {
	r := newRig(t)
	var healthy atomic.Bool
	rc := newReceiver(t, func(int, *http.Request) int {
		if healthy.Load() {
			return http.StatusOK
		}
		return http.StatusInternalServerError
	})
	watcher := newReceiver(t, nil)
	hook := r.hook(t, rc.URL, "tag.created")
	r.hook(t, watcher.URL, "webhook.disabled")
	run(t, events.New(r.Store, testOptions(events.Options{MaxFailures: 3})))
	r.tags(t, "doomed", 1)

	eventually(t, 5*time.Second, "webhook.disabled delivered", func() bool { return len(watcher.requests()) == 1 })
	w, err := r.Store.GetWebhook(t.Context(), hook.ID)
	if err != nil || w.Active || w.Failures != 3 || w.DisabledReason == "" {
		t.Fatalf("webhook = %+v, %v; want inactive after 3 failures, with a reason", w, err)
	}
	log := deliveries(t, r.Store, hook.ID)
	if len(log) != 3 || log[2].Attempt != 3 || log[2].NextRetryAt != nil || log[1].NextRetryAt == nil {
		t.Fatalf("delivery log = %+v", log)
	}
	if got := decode(t, watcher.requests()[0].Body); got.Type != content.EventWebhookDisabled || got.EntityID != hook.ID ||
		strings.Contains(string(got.Data), hook.Secret) {
		t.Errorf("watcher got %+v", got)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(rc.requests()); n != 3 {
		t.Fatalf("a disabled webhook got %d requests, want 3", n)
	}

	healthy.Store(true)
	on := true
	if _, err := r.Service.UpdateWebhook(testutil.System(t.Context()), hook.ID, content.WebhookInput{Active: &on}); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "redelivery after enabling", func() bool { return len(delivered(t, rc)) == 1 })
	if got := decode(t, rc.requests()[3].Body); got.ID != log[0].EventID {
		t.Errorf("resumed at event %d, want %d", got.ID, log[0].EventID)
	}
	eventually(t, 5*time.Second, "the position past the redelivered event", func() bool {
		w, err := r.Store.GetWebhook(t.Context(), hook.ID)
		return err == nil && w.Active && w.Failures == 0 && w.LastEventID >= log[0].EventID
	})
}
