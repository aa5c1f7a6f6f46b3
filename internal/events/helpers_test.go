package events_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/events"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

// rig is a database with two services over it: Env's, which refuses
// private webhook targets as production does, and Lax, which accepts them
// because the tests' receivers listen on loopback.
type rig struct {
	*testutil.Env
	Lax *service.Service
}

func newRig(t *testing.T) *rig {
	t.Helper()
	return rigOver(t, testutil.NewDB(t))
}

func rigOver(t *testing.T, st *store.Store) *rig {
	t.Helper()
	env := testutil.EnvOver(t, st, time.Now())
	lax := service.New(service.Options{Store: st, Signer: env.Signer, Hasher: auth.NewHasher(1024),
		Now: env.Clock.Now, CursorKey: []byte("test-cursor-key"), Webhooks: service.WebhookOptions{AllowPrivate: true}})
	return &rig{Env: env, Lax: lax}
}

// hook subscribes url to patterns with a known secret, bypassing the
// creation-time address check.
func (r *rig) hook(t *testing.T, url string, patterns ...string) content.Webhook {
	t.Helper()
	secret := "test-secret-" + content.NewID()
	w, err := r.Lax.CreateWebhook(testutil.System(t.Context()), content.WebhookInput{URL: &url, Events: &patterns, Secret: &secret})
	if err != nil {
		t.Fatalf("create webhook: %v", err)
	}
	return w
}

// tags creates n tags (n tag.created events) and returns their ids in order.
func (r *rig) tags(t *testing.T, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		name := fmt.Sprintf("%s %03d", prefix, i)
		tag, err := r.Service.CreateTag(testutil.System(t.Context()), content.TagInput{Name: &name})
		if err != nil {
			t.Fatalf("create tag: %v", err)
		}
		ids[i] = tag.ID
	}
	return ids
}

// testOptions are dispatcher options with tiny timings, for loopback receivers.
func testOptions(o events.Options) events.Options {
	o.AllowPrivate = true
	o.PollInterval = 20 * time.Millisecond
	if o.RetryBase == 0 {
		o.RetryBase, o.RetryCap = 2*time.Millisecond, 10*time.Millisecond
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	return o
}

// run starts d and returns a function that stops it and waits for Run to
// return; the test's cleanup calls it too, before the database closes.
func run(t *testing.T, d *events.Dispatcher) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := d.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// received is one request a receiver got.
type received struct {
	Header http.Header
	Body   []byte
	Status int
}

// receiver is a webhook endpoint on loopback that records every request
// and answers with the status that respond picks for the n-th (from 0).
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	got     []received
	respond func(n int, r *http.Request) int
}

func newReceiver(t *testing.T, respond func(n int, r *http.Request) int) *receiver {
	t.Helper()
	rc := &receiver{respond: respond}
	if rc.respond == nil {
		rc.respond = func(int, *http.Request) int { return http.StatusNoContent }
	}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	n := len(rc.got)
	rc.got = append(rc.got, received{Header: r.Header.Clone(), Body: body})
	rc.mu.Unlock()
	status := rc.respond(n, r)
	rc.mu.Lock()
	rc.got[n].Status = status
	rc.mu.Unlock()
	w.WriteHeader(status)
}

// requests returns a copy of what the receiver got so far.
func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// deliveries returns a webhook's delivery log, oldest first.
func deliveries(t *testing.T, st *store.Store, id string) []content.Delivery {
	t.Helper()
	ds, err := st.ListDeliveries(t.Context(), id, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(ds)-1; i < j; i, j = i+1, j-1 {
		ds[i], ds[j] = ds[j], ds[i]
	}
	return ds
}
