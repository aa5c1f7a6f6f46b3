package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/testutil"
)

// serving is `folio serve` running through run() on a real listener.
type serving struct {
	base, addr string
	stop       context.CancelFunc // what SIGTERM does in main
	done       chan struct{}      // closed when run has returned err
	err        error
	logs       *lockedLog
}

// lockedLog is the server's log; the server writes it while the test reads.
type lockedLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func startServing(t *testing.T, extraEnv map[string]string) *serving {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"FOLIO_ADDR": addr, "FOLIO_DATABASE_URL": testutil.DatabaseURL(t), "FOLIO_DATA_DIR": t.TempDir(),
		"FOLIO_ADMIN_EMAIL": "admin@example.com", "FOLIO_ADMIN_PASSWORD": "change-me-now",
		"FOLIO_PASSWORD_HASH_MEMORY_KIB": "1024",
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	ctx, cancel := context.WithCancel(t.Context())
	s := &serving{base: "http://" + addr, addr: addr, stop: cancel, done: make(chan struct{}), logs: &lockedLog{}}
	go func() {
		defer close(s.done)
		s.err = run(ctx, []string{"serve"}, func(k string) string { return env[k] }, nil, s.logs, s.logs)
	}()
	t.Cleanup(func() {
		cancel()
		<-s.done // the database files go only once the server has let go of them
		if s.err != nil {
			t.Errorf("run: %v\n%s", s.err, s.logs.String())
		}
	})
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get(s.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatalf("server did not become ready; logs:\n%s", s.logs.String())
	return nil
}

// TestGracefulShutdown starts a login whose body arrives slowly, stops the
// server, and checks the order: /readyz turns 503 while the listener still
// accepts (the drain delay), then new connections are refused while the
// slow request is still being served; the request completes, run returns
// nil, and the spans batched meanwhile reach the collector.
func TestGracefulShutdown(t *testing.T) {
	var exported atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/v1/traces" {
			exported.Add(1)
		}
	}))
	defer collector.Close()
	s := startServing(t, map[string]string{"FOLIO_DRAIN_DELAY": "1s", "OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL})

	body := `{"email":"admin@example.com","password":"change-me-now"}`
	slow, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "POST /v1/auth/login HTTP/1.1\r\nHost: folio\r\nContent-Type: application/json\r\n"+
		"Connection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(100 * time.Millisecond) // the server has read the headers: the request is in flight

	s.stop()
	awaitDrain(t, s)
	select {
	case <-s.done:
		t.Fatalf("run returned while a request was in flight: %v", s.err)
	default:
	}

	if _, err := io.WriteString(slow, body[10:]); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no response: %v", err)
	}
	reply, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(reply), "access_token") ||
		!strings.HasPrefix(res.Header.Get("traceparent"), "00-") {
		t.Fatalf("in-flight login: %d %s", res.StatusCode, reply)
	}
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("run did not return after the last request; logs:\n%s", s.logs.String())
	}
	if exported.Load() == 0 {
		t.Fatal("no spans reached the collector: the exporter was not flushed at shutdown")
	}
	logs := s.logs.String()
	if i, j := strings.Index(logs, `"msg":"shutting down"`), strings.Index(logs, `"msg":"stopped serving"`); i < 0 || j < i {
		t.Fatalf("shutdown not logged in order:\n%s", logs)
	}
}

// TestServeMetricsWiring scrapes a real server: the token is enforced and
// the pool and query series of the wired store are there.
func TestServeMetricsWiring(t *testing.T) {
	token := "scrape-token-0123456789"
	s := startServing(t, map[string]string{"FOLIO_METRICS_TOKEN": token})
	res, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/metrics without the token: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, s.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`go_sql_open_connections{db_name="primary"}`, `folio_db_query_duration_seconds_count{operation="query"}`,
		`folio_http_requests_total{method="GET",route="/readyz",status_class="2xx"}`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// awaitDrain waits for /readyz to answer 503 on a new connection (the drain
// delay) and then for new connections to be refused (the listener closed).
func awaitDrain(t *testing.T, s *serving) {
	t.Helper()
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}
	if !eventually(func() bool {
		res, err := fresh.Get(s.base + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusServiceUnavailable
	}) {
		t.Fatal("/readyz never answered 503 during the drain delay")
	}
	if !eventually(func() bool {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			c.Close()
		}
		return errors.Is(err, syscall.ECONNREFUSED)
	}) {
		t.Fatal("new connections were still accepted after the drain delay")
	}
}

func eventually(cond func() bool) bool {
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// TestServerSendsResponsesWhole checks that `folio serve`'s server and
// listener are wired so a response can leave in one write: a handler on
// them sees httpapi.WholeWrites, and the same handler on a plain
// httptest server does not.
func TestServerSendsResponsesWhole(t *testing.T) {
	whole := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, httpapi.WholeWrites(r.Context()))
	})
	ask := func(base string) string {
		t.Helper()
		res, err := http.Get(base + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	ln, err := listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(whole, slog.New(slog.DiscardHandler))
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	if got := ask("http://" + ln.Addr().String()); got != "true" {
		t.Errorf("folio serve's server: WholeWrites %s, want true", got)
	}
	plain := httptest.NewServer(whole)
	defer plain.Close()
	if got := ask(plain.URL); got != "false" {
		t.Errorf("a plain server: WholeWrites %s, want false", got)
	}
}
