// Package service holds Folio's use cases: it draws transaction boundaries,
// enforces who may do what, renders markdown, appends an event in the same
// transaction as every change, and runs after-commit effects.
package service

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/markdown"
	"github.com/folio-cms/folio/internal/store"
)

// Options are the dependencies of a Service.
type Options struct {
	Store    *store.Store
	Signer   *auth.Signer
	Hasher   *auth.Hasher
	Markdown *markdown.Renderer
	// Now is the clock; tests inject their own.
	Now func() time.Time
	// CursorKey signs list cursors so a client cannot forge positions.
	CursorKey []byte
	// TokenTTL is the lifetime of a login token.
	TokenTTL time.Duration
	// Cache is the read cache to keep fresh; nil when it is off.
	Cache *cache.Cache
	// LoginPerAccount and LoginPerAddress limit login attempts.
	LoginPerAccount *auth.Limiter
	LoginPerAddress *auth.Limiter
	// Webhooks say which webhook targets are accepted.
	Webhooks WebhookOptions
	// Views renders the read model of public post reads; nil turns the
	// read model off (every read goes to the tables).
	Views RenderPostView
}

// Service runs Folio's use cases.
type Service struct {
	store     *store.Store
	signer    *auth.Signer
	hasher    *auth.Hasher
	md        *markdown.Renderer
	clock     func() time.Time
	cursorKey []byte
	tokenTTL  time.Duration
	byAccount *auth.Limiter
	byAddress *auth.Limiter
	changes   signal
	cache     *cache.Cache
	sync      cacheSync
	hooksMu   sync.RWMutex
	hooks     []func()
	webhooks  WebhookOptions
	views     *views       // nil: the read model is off
	group     *groupCommit // nil: every transaction on its own (PostgreSQL)
}

// New returns a Service; zero options get defaults.
func New(o Options) *Service {
	s := &Service{store: o.Store, signer: o.Signer, hasher: o.Hasher, md: o.Markdown, clock: o.Now,
		cursorKey: o.CursorKey, tokenTTL: o.TokenTTL, byAccount: o.LoginPerAccount, byAddress: o.LoginPerAddress,
		cache: o.Cache}
	s.webhooks = o.Webhooks
	if o.Store != nil && o.Store.Dialect() == store.DialectSQLite {
		s.group = &groupCommit{}
	}
	if o.Views != nil {
		s.views = &views{render: o.Views}
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.md == nil {
		s.md = markdown.New()
	}
	if s.tokenTTL <= 0 {
		s.tokenTTL = time.Hour
	}
	if s.byAccount == nil {
		s.byAccount = auth.NewLimiter(12*time.Second, 5)
	}
	if s.byAddress == nil {
		s.byAddress = auth.NewLimiter(3*time.Second, 20)
	}
	return s
}

// Now returns the service clock's time in UTC, truncated to microseconds so
// both databases store exactly what was given.
func (s *Service) Now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// SystemActor is the actor of work done by the operator from the command
// line: it has admin rights and no user behind it.
var SystemActor = content.Actor{UserID: "system", Role: content.RoleAdmin}

func requireActor(ctx context.Context) (content.Actor, error) {
	a, ok := content.ActorFrom(ctx)
	if !ok {
		return content.Actor{}, content.ErrUnauthorized
	}
	return a, nil
}

func requireRole(ctx context.Context, min content.Role) (content.Actor, error) {
	a, err := requireActor(ctx)
	if err != nil {
		return a, err
	}
	if !a.Role.AtLeast(min) {
		return a, fmt.Errorf("needs role %s: %w", min, content.ErrForbidden)
	}
	return a, nil
}

// appendEvent records a change in the log within tx, data encoded as JSON.
func (s *Service) appendEvent(ctx context.Context, tx *store.Store, typ, entity, id string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", typ, err)
	}
	return s.appendEncodedEvent(ctx, tx, entity, id, raw, typ)
}

// appendEncodedEvent is appendEvent with data already encoded, for events
// that share one encoding (postEvents): one event of each of types, all
// with raw, appended in one statement.
func (s *Service) appendEncodedEvent(ctx context.Context, tx *store.Store, entity, id string, raw []byte, types ...string) error {
	a, _ := content.ActorFrom(ctx)
	now, reqID := s.Now(), content.RequestIDFrom(ctx)
	es := make([]content.Event, len(types))
	for i, typ := range types {
		es[i] = content.Event{Type: typ, Entity: entity, EntityID: id, ActorID: a.UserID, RequestID: reqID, OccurredAt: now, Data: raw}
	}
	_, err := tx.AppendEvents(ctx, es)
	return err
}

// Ready reports whether the database answers and its schema is current.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.store.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	pending, err := s.store.MigrationsPending(ctx)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if pending {
		return fmt.Errorf("migrations pending")
	}
	return nil
}

// checkIfMatch compares an If-Match version (0: none given) with the
// current one: a mismatch is ErrPreconditionFailed, and nothing changes.
func checkIfMatch(kind string, current, want int) error {
	if want != 0 && want != current {
		return fmt.Errorf("%s is at version %d, not %d: %w", kind, current, want, content.ErrPreconditionFailed)
	}
	return nil
}
