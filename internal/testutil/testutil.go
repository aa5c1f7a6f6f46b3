package testutil

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/folio-cms/folio/internal/auth"
	"github.com/folio-cms/folio/internal/cache"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/service"
	"github.com/folio-cms/folio/internal/store"
)

// PostgresURLEnv names the variable that switches tests to PostgreSQL.
const PostgresURLEnv = "FOLIO_TEST_POSTGRES_URL"

// Dialect returns the dialect the tests run on: postgres when
// FOLIO_TEST_POSTGRES_URL is set, else sqlite.
func Dialect() string {
	if os.Getenv(PostgresURLEnv) != "" {
		return store.DialectPostgres
	}
	return store.DialectSQLite
}

// NewDB opens a fresh, migrated database for one test: a SQLite file in
// t.TempDir(), or a new schema of the PostgreSQL database named by
// FOLIO_TEST_POSTGRES_URL, dropped when the test ends.
func NewDB(t testing.TB) *store.Store {
	t.Helper()
	dsn := DatabaseURL(t)
	st, err := store.Open(context.Background(), store.Options{URL: dsn, Readers: 4})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// DatabaseURL returns a fresh, empty database for one test (see NewDB).
func DatabaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		return filepath.Join(t.TempDir(), "folio.db")
	}
	schema := "t_" + randomHex(8)
	admin := adminDB(t, base)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	adminOnce sync.Once
	adminConn *gorm.DB
	adminErr  error
)

func adminDB(t testing.TB, base string) *gorm.DB {
	adminOnce.Do(func() {
		adminConn, adminErr = gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	})
	if adminErr != nil {
		t.Fatalf("connect to %s: %v", PostgresURLEnv, adminErr)
	}
	return adminConn
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Clock is a settable clock for tests.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at a fixed instant.
func NewClock() *Clock {
	return &Clock{now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Env is a service over a fresh database with a test clock and cheap hashing.
type Env struct {
	Store   *store.Store
	Service *service.Service
	Signer  *auth.Signer
	Clock   *Clock
}

// TestSecret is the JWT secret of test environments.
var TestSecret = []byte("folio-test-secret-0123456789-abcdefghijkl")

// NewEnv builds a service for one test.
func NewEnv(t testing.TB) *Env {
	t.Helper()
	return NewEnvAt(t, NewClock().Now())
}

// NewEnvAt builds a service whose clock starts at now.
func NewEnvAt(t testing.TB, now time.Time) *Env {
	t.Helper()
	return EnvOver(t, NewDB(t), now)
}

// EnvOver builds a service over an open store, for benchmarks that share
// one seeded database across many b.
func EnvOver(t testing.TB, st *store.Store, now time.Time) *Env {
	t.Helper()
	clock := &Clock{now: now}
	signer, err := auth.NewSigner(TestSecret, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Options{Store: st, Signer: signer, Hasher: auth.NewHasher(1024), Now: clock.Now,
		CursorKey: []byte("test-cursor-key"), TokenTTL: time.Hour, Cache: cache.New(8 << 20), Views: httpapi.RenderPostView})
	return &Env{Store: st, Service: svc, Signer: signer, Clock: clock}
}

// System returns ctx acting as the operator (admin rights, no user).
func System(ctx context.Context) context.Context {
	return content.WithActor(ctx, service.SystemActor)
}

// As returns ctx acting as user u.
func As(ctx context.Context, u content.User) context.Context {
	return content.WithActor(ctx, content.Actor{UserID: u.ID, Role: u.Role})
}

// MustUser creates a user with role; its password is "password-"+name.
func (e *Env) MustUser(t testing.TB, name string, role content.Role) content.User {
	t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"
	pw := "password-" + name
	u, err := e.Service.CreateUser(System(context.Background()),
		content.UserInput{Email: &email, Password: &pw, Name: &name, Role: &role})
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// Token returns a bearer token for u, signed like a login token.
func (e *Env) Token(t testing.TB, u content.User) string {
	t.Helper()
	tok, _, err := e.Signer.Issue(u, content.NewID(), e.Clock.Now(), 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// MustPost creates a post as u from in, failing the test on error.
func (e *Env) MustPost(t testing.TB, u content.User, in content.PostInput) content.Post {
	t.Helper()
	p, err := e.Service.CreatePost(As(context.Background(), u), in)
	if err != nil {
		t.Fatalf("create post: %v", err)
	}
	return p
}

// Published returns a post input that is published now with the given title and tags.
func Published(title string, tags ...string) content.PostInput {
	st := content.StatusPublished
	body := fmt.Sprintf("## %s\n\nThe body of %s.", title, title)
	return content.PostInput{Title: &title, BodyMarkdown: &body, Status: &st, Tags: &tags}
}

// Draft returns a draft post input with the given title.
func Draft(title string) content.PostInput {
	st := content.StatusDraft
	return content.PostInput{Title: &title, Status: &st}
}
