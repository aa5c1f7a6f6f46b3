// Package events relays Folio's event log to webhooks. The log is a
// transactional outbox: every change appends its event in its own
// transaction, and the Dispatcher reads the log after each webhook's
// position and delivers what the webhook subscribed to, signed, in order.
//
// Delivery is at least once. A webhook's position moves only in the same
// transaction that records a 2xx answer (or past events the webhook does
// not want), so an event whose answer was lost
// (the process died between the receiver's 2xx and that commit) is sent
// again after a restart, under the same X-Folio-Delivery id. Per webhook,
// event N+1 is never sent before N succeeded, or before the webhook was
// disabled. Different webhooks do not wait for one another.
//
// Several instances may each run a Dispatcher on one PostgreSQL database:
// a lease on each webhook (renewed before every attempt, released at stop,
// taken over when it expires) lets one of them deliver it at a time. If a
// lease expires while its holder is still mid-attempt, that one event may
// be sent twice, which at-least-once delivery allows.
package events

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
)

// Options configure a Dispatcher; zero values get the defaults in brackets.
type Options struct {
	// AllowPrivate lets deliveries reach non-public addresses [false].
	AllowPrivate bool
	// MaxFailures is the run of failed attempts that disables a webhook [10].
	MaxFailures int
	// PollInterval is how often the log is read without a Notify [500ms].
	PollInterval time.Duration
	// RetryBase and RetryCap shape the backoff: attempt n waits a random
	// time in [0, min(RetryCap, RetryBase·2^(n-1))) ("full jitter") [10s, 1h].
	RetryBase time.Duration
	RetryCap  time.Duration
	// ConnectTimeout and Timeout bound each attempt [5s, 10s].
	ConnectTimeout time.Duration
	Timeout        time.Duration
	// FlushTimeout is how long attempts in flight when Run's ctx ends may
	// still finish and record their outcome [Timeout].
	FlushTimeout time.Duration
	// Retention is how long the delivery log is kept [30 days].
	Retention time.Duration
	// BatchSize is how many events one read of the log takes [100].
	BatchSize int
	// Client sends the deliveries [NewClient of the options above].
	Client *http.Client
	Logger *slog.Logger
	Now    func() time.Time
	// Owner names this dispatcher in webhook leases [a new ULID]; LeaseTTL
	// is how long a lease lasts unless renewed [1m]. Several instances on
	// one database deliver each webhook from one of them at a time.
	Owner    string
	LeaseTTL time.Duration
	// Tracer makes a client span per delivery attempt, whose traceparent
	// goes to the receiver [no tracing].
	Tracer trace.Tracer
}

func (o *Options) applyDefaults() {
	if o.Owner == "" {
		o.Owner = content.NewID()
	}
	setDefault(&o.LeaseTTL, time.Minute)
	setDefault(&o.MaxFailures, 10)
	setDefault(&o.PollInterval, 500*time.Millisecond)
	setDefault(&o.RetryBase, 10*time.Second)
	setDefault(&o.RetryCap, time.Hour)
	setDefault(&o.ConnectTimeout, 5*time.Second)
	setDefault(&o.Timeout, 10*time.Second)
	setDefault(&o.FlushTimeout, o.Timeout)
	setDefault(&o.Retention, 30*24*time.Hour)
	setDefault(&o.BatchSize, 100)
	if o.Client == nil {
		o.Client = NewClient(ClientOptions{AllowPrivate: o.AllowPrivate, ConnectTimeout: o.ConnectTimeout, Timeout: o.Timeout})
	}
	if o.Tracer == nil {
		o.Tracer = noop.NewTracerProvider().Tracer("folio/webhooks")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// Dispatcher delivers the event log to webhooks: one goroutine per active
// webhook, woken by Notify or every PollInterval.
type Dispatcher struct {
	store *store.Store
	o     Options
	log   *slog.Logger
	wake  chan struct{}

	mu        sync.Mutex
	workers   map[string]*worker
	stats     map[string]*WebhookStats
	head      int64
	lastPrune time.Time
}

// New returns a Dispatcher over st; it does nothing until Run.
func New(st *store.Store, o Options) *Dispatcher {
	o.applyDefaults()
	return &Dispatcher{store: st, o: o, log: o.Logger, wake: make(chan struct{}, 1),
		workers: map[string]*worker{}, stats: map[string]*WebhookStats{}}
}

// Notify wakes the dispatcher to read the log now; it never blocks. The
// service calls it after each commit, so deliveries start without waiting
// for the next poll.
func (d *Dispatcher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then lets attempts in flight finish for up
// to FlushTimeout so their outcome is recorded, and returns once every
// worker has stopped. Call it once.
func (d *Dispatcher) Run(ctx context.Context) error {
	// work outlives ctx by the flush: it carries the HTTP attempts and the
	// writes that record them, so a stop does not cut them in half.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var wg sync.WaitGroup
	tick := time.NewTicker(d.o.PollInterval)
	defer tick.Stop()
	for {
		d.sync(ctx, work, &wg)
		select {
		case <-ctx.Done():
			d.flush(&wg, cancelWork)
			d.o.Client.CloseIdleConnections()
			if err := d.store.ReleaseWebhooks(context.WithoutCancel(ctx), d.o.Owner); err != nil {
				d.logError(ctx, "release webhook leases", err)
			}
			return nil
		case <-tick.C:
		case <-d.wake:
		}
	}
}

// flush waits for the workers, cutting attempts still running after FlushTimeout.
func (d *Dispatcher) flush(wg *sync.WaitGroup, cancelWork context.CancelFunc) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	timer := time.NewTimer(d.o.FlushTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		cancelWork()
		<-done
	}
}

// sync starts a worker for each active webhook that has none, wakes every
// worker, refreshes the head of the log and prunes old deliveries.
func (d *Dispatcher) sync(ctx, work context.Context, wg *sync.WaitGroup) {
	ids, err := d.store.ActiveWebhookIDs(ctx)
	if err != nil {
		d.logError(ctx, "list webhooks", err)
		return
	}
	head, err := d.store.LastEventID(ctx)
	if err != nil {
		d.logError(ctx, "read the head of the log", err)
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.head = head
	for _, id := range ids {
		if _, ok := d.workers[id]; !ok {
			w := &worker{id: id, wake: make(chan struct{}, 1)}
			d.workers[id] = w
			wg.Add(1)
			go func() {
				defer wg.Done()
				d.runWorker(ctx, work, w)
			}()
		}
	}
	for _, w := range d.workers {
		w.nudge()
	}
	if now := d.o.Now(); now.Sub(d.lastPrune) > time.Hour {
		d.lastPrune = now
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.store.PruneDeliveries(ctx, now.Add(-d.o.Retention)); err != nil {
				d.logError(ctx, "prune the delivery log", err)
			}
		}()
	}
}

// headSeen returns the head of the log read at the last poll.
func (d *Dispatcher) headSeen() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.head
}

// forget drops a stopped worker and its stats, so a webhook enabled again
// gets a new one.
func (d *Dispatcher) forget(w *worker) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.workers[w.id] == w {
		delete(d.workers, w.id)
		delete(d.stats, w.id)
	}
}

func (d *Dispatcher) logError(ctx context.Context, what string, err error) {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return
	}
	d.log.ErrorContext(ctx, "webhooks: "+what, slog.Any("error", err))
}

// Stats is a snapshot of the dispatcher for metrics.
type Stats struct {
	// Head is the newest sequence in the log at the last poll.
	Head     int64
	Webhooks []WebhookStats
}

// WebhookStats is the progress of one webhook since this process started.
// Lag counts events in the log after Position, wanted or not.
type WebhookStats struct {
	ID        string
	Position  int64
	Lag       int64
	Delivered uint64
	Failed    uint64
}

// Stats returns the head of the log and each webhook's position, lag and
// counts of delivered and failed attempts, ordered by webhook id.
func (d *Dispatcher) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := Stats{Head: d.head, Webhooks: make([]WebhookStats, 0, len(d.stats))}
	for _, s := range d.stats {
		ws := *s
		ws.Lag = max(0, d.head-ws.Position)
		out.Webhooks = append(out.Webhooks, ws)
	}
	slices.SortFunc(out.Webhooks, func(a, b WebhookStats) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// track updates the stats of webhook id: its position, and one more
// delivered or failed attempt when outcome is set.
func (d *Dispatcher) track(id string, position int64, outcome *bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.stats[id]
	if !ok {
		s = &WebhookStats{ID: id}
		d.stats[id] = s
	}
	s.Position = max(s.Position, position)
	switch {
	case outcome == nil:
	case *outcome:
		s.Delivered++
	default:
		s.Failed++
	}
}

// disabledEvent is the log entry of a webhook the dispatcher disabled.
func disabledEvent(w content.Webhook, now time.Time) (content.Event, error) {
	data, err := jsonOf(w.Redacted())
	return content.Event{Type: content.EventWebhookDisabled, Entity: "webhook", EntityID: w.ID,
		OccurredAt: now.UTC().Truncate(time.Microsecond), Data: data}, err
}
