package events_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

func openStore(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), store.Options{URL: url, Readers: 2})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestWebhookRestartNoLoss stops a dispatcher in the middle of a stream and
// starts a new one on a fresh connection to the same database, as a
// restarted process would. The receiver must see every event in order.
//
// Delivery is at least once: in the "cut" case the receiver holds the
// in-flight request past the flush timeout, so the first dispatcher gives
// up without recording the answer, and the second sends that one event
// again (same X-Folio-Delivery). That is the only duplicate allowed. In
// the "graceful" case the flush lets the attempt finish: no duplicate.
func TestWebhookRestartNoLoss(t *testing.T) {
	for name, cut := range map[string]bool{"cut": true, "graceful": false} {
		t.Run(name, func(t *testing.T) {
			url := testutil.DatabaseURL(t)
			first := rigOver(t, openStore(t, url))
			const held = 9 // the request in flight at the stop
			hit, release := make(chan struct{}), make(chan struct{})
			rc := newReceiver(t, func(n int, r *http.Request) int {
				if n == held {
					close(hit)
					if cut {
						<-release
					} else {
						time.Sleep(50 * time.Millisecond)
					}
				}
				return http.StatusOK
			})
			first.hook(t, rc.URL, "tag.*")
			ids := first.tags(t, "before", 25)
			flush := map[bool]time.Duration{true: 100 * time.Millisecond, false: 5 * time.Second}[cut]
			stop := run(t, events.New(first.Store, testOptions(events.Options{FlushTimeout: flush})))
			select {
			case <-hit:
			case <-time.After(10 * time.Second):
				t.Fatal("the receiver never got the request to hold")
			}
			stop() // returns once the attempt in flight finished or was cut
			close(release)
			first.Store.Close()

			second := rigOver(t, openStore(t, url))
			ids = append(ids, second.tags(t, "after", 5)...)
			run(t, events.New(second.Store, testOptions(events.Options{})))
			eventually(t, 10*time.Second, "every event", func() bool { return len(distinct(t, rc)) == len(ids) })

			for i, w := range distinct(t, rc) {
				if w.EntityID != ids[i] {
					t.Fatalf("delivery %d is tag %s, want %s: out of order or lost", i, w.EntityID, ids[i])
				}
			}
			dups := len(rc.requests()) - len(ids)
			if want := map[bool]int{true: 1, false: 0}[cut]; dups != want {
				t.Errorf("%d duplicate deliveries, want %d", dups, want)
			}
		})
	}
}

// distinct returns the received events with repeats of the same delivery
// folded, failing the test if a repeat is not adjacent to its original:
// anything else would mean an event was sent after a newer one.
func distinct(t *testing.T, rc *receiver) []wire {
	var out []wire
	seen := map[string]bool{}
	last := ""
	for _, g := range rc.requests() {
		id := g.Header.Get(events.HeaderDelivery)
		if id == last {
			continue
		}
		if seen[id] {
			t.Fatalf("delivery %s repeated after a newer one", id)
		}
		seen[id], last = true, id
		out = append(out, decode(t, g.Body))
	}
	return out
}

// TestWebhookTwoInstancesDeliverOnce runs two dispatchers on one database,
// as two Folio instances would: the webhook lease lets only one deliver,
// so the receiver gets every event once, in order.
func TestWebhookTwoInstancesDeliverOnce(t *testing.T) {
	url := testutil.DatabaseURL(t)
	a := rigOver(t, openStore(t, url))
	b := openStore(t, url)
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusOK })
	a.hook(t, rc.URL, "tag.*")
	run(t, events.New(a.Store, testOptions(events.Options{Owner: "instance-a"})))
	run(t, events.New(b, testOptions(events.Options{Owner: "instance-b"})))
	ids := a.tags(t, "shared", 30)
	eventually(t, 10*time.Second, "every event", func() bool { return len(rc.requests()) >= len(ids) })
	time.Sleep(300 * time.Millisecond) // room for a duplicate to show up
	got := distinct(t, rc)
	if len(rc.requests()) != len(ids) || len(got) != len(ids) {
		t.Fatalf("%d requests for %d events", len(rc.requests()), len(ids))
	}
	for i, w := range got {
		if w.EntityID != ids[i] {
			t.Fatalf("delivery %d is tag %s, want %s", i, w.EntityID, ids[i])
		}
	}
}
