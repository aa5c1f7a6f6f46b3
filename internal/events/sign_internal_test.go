package events

import (
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/folio-cms/folio/internal/content"
)

// TestBackoffFullJitter checks that attempt n waits in
// [0, min(cap, base·2^(n-1))) and that the waits are spread, not fixed.
func TestBackoffFullJitter(t *testing.T) {
	base, limit := 10*time.Second, time.Hour
	for attempt := 1; attempt <= 70; attempt++ {
		ceiling := limit
		if attempt <= 9 {
			ceiling = base << (attempt - 1)
		}
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(base, limit, attempt)
			if d < 0 || d >= ceiling {
				t.Fatalf("attempt %d waits %v, want [0, %v)", attempt, d, ceiling)
			}
			seen[d] = true
		}
		if len(seen) < 150 {
			t.Errorf("attempt %d: only %d distinct waits in 200", attempt, len(seen))
		}
	}
}

// TestDeliveryIDStable shows one delivery id per webhook and event, the
// same on every call, timed like the event.
func TestDeliveryIDStable(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	e := content.Event{ID: 42, OccurredAt: at}
	a, b := DeliveryID("W1", e), DeliveryID("W1", e)
	other, next := DeliveryID("W2", e), DeliveryID("W1", content.Event{ID: 43, OccurredAt: at})
	if a != b || a == other || a == next {
		t.Fatalf("ids = %s %s %s %s", a, b, other, next)
	}
	id, err := ulid.ParseStrict(a)
	if err != nil || !ulid.Time(id.Time()).Equal(at) {
		t.Fatalf("%s is not a ULID of %v: %v", a, at, err)
	}
}

// TestVerifyTimestamped checks the timestamped signature and its tolerance.
func TestVerifyTimestamped(t *testing.T) {
	body := []byte(`{"id":1}`)
	now := time.Unix(1_800_000_000, 0)
	sig := SignTimestamped("s3cret-s3cret-s3cret", now.Unix(), body)
	ts := "1800000000"
	cases := map[string]struct {
		body []byte
		ts   string
		now  time.Time
		want bool
	}{
		"valid":        {body, ts, now, true},
		"tampered":     {[]byte(`{"id":2}`), ts, now, false},
		"other time":   {body, "1800000001", now, false},
		"ten min late": {body, ts, now.Add(10 * time.Minute), false},
		"not a number": {body, "x", now, false},
	}
	for name, c := range cases {
		if got := VerifyTimestamped("s3cret-s3cret-s3cret", c.body, c.ts, sig, c.now, 5*time.Minute); got != c.want {
			t.Errorf("%s: VerifyTimestamped = %v, want %v", name, got, c.want)
		}
	}
	if !strings.HasPrefix(Sign("k", body), "sha256=") || Verify("k", body, strings.TrimPrefix(Sign("k", body), "sha256=")) {
		t.Error("Sign must prefix sha256= and Verify must require it")
	}
}
