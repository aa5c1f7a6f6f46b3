package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/testutil"
)

// newWireServer serves s over a real listener as `folio serve` does:
// through httpapi.WrapListener and httpapi.ConnContext.
func newWireServer(t *testing.T, s *testutil.Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(s.Echo)
	ts.Listener = httpapi.WrapListener(ts.Listener)
	ts.Config.ConnContext = httpapi.ConnContext
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// countingListener counts the write calls made on its connections.
type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, writes: l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestReadsLeaveInOneWrite serves posts of realistic size (pages of about
// 13 KB, lists of 20 KB, more than net/http's 4 KB buffer) over a real
// connection and counts the write calls each response takes: one through
// WrapListener, whether the read cache misses, hits or is bypassed by a
// token, and the same bytes as net/http sends on its own. The same
// requests over a plain listener take two writes, which is what the test
// would see if writeWhole stopped holding.
func TestReadsLeaveInOneWrite(t *testing.T) {
	s := testutil.NewServer(t)
	testutil.SeedPosts(t, s.Store, 30)
	tok := s.Token(t, s.MustUser(t, "Ed Editor", content.RoleEditor))
	list := s.Get(t, "/v1/posts?limit=20", "")
	var page struct {
		Data []struct {
			Slug string `json:"slug"`
		} `json:"data"`
	}
	list.JSON(t, &page)
	if len(page.Data) == 0 {
		t.Fatal("no posts seeded")
	}
	post := "/v1/posts/" + page.Data[0].Slug

	serve := func(wrap bool) (base string, writes *atomic.Int64) {
		writes = new(atomic.Int64)
		ts := httptest.NewUnstartedServer(s.Echo)
		ts.Listener = countingListener{Listener: ts.Listener, writes: writes}
		if wrap {
			ts.Listener = httpapi.WrapListener(ts.Listener)
			ts.Config.ConnContext = httpapi.ConnContext
		}
		ts.Start()
		t.Cleanup(ts.Close)
		return ts.URL, writes
	}
	wired, wiredWrites := serve(true)
	plain, plainWrites := serve(false)
	client := &http.Client{Timeout: 10 * time.Second}

	type call struct {
		name, method, path, token, ifNoneMatch string
		wantStatus                             int
	}
	// One request each, in this order, over one kept-alive connection: the
	// server's writes between two requests are that response's.
	get := func(base string, writes *atomic.Int64, c call) (status int, hdr http.Header, body []byte, n int64) {
		t.Helper()
		req, err := http.NewRequest(c.method, base+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		if c.ifNoneMatch != "" {
			req.Header.Set("If-None-Match", c.ifNoneMatch)
		}
		before := writes.Load()
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		body, err = io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		return res.StatusCode, res.Header, body, writes.Load() - before
	}
	calls := []call{
		{"list, cache miss", "GET", "/v1/posts?limit=15", "", "", 200},
		{"short list (4 to 8 KB), cache miss", "GET", "/v1/posts?limit=5", "", "", 200},
		{"short list (4 to 8 KB), cache hit", "GET", "/v1/posts?limit=5", "", "", 200},
		{"short list (4 to 8 KB) with a token", "GET", "/v1/posts?limit=5", tok, "", 200},
		{"list, cache hit", "GET", "/v1/posts?limit=15", "", "", 200},
		{"post, cache miss", "GET", post, "", "", 200},
		{"post, cache hit", "GET", post, "", "", 200},
		{"post with a token (no cache)", "GET", post, tok, "", 200},
		{"list with a token (no cache)", "GET", "/v1/posts?limit=20", tok, "", 200},
		{"post revalidated", "GET", post, "", "", 304},
	}
	var postETag string
	for _, c := range calls {
		if c.wantStatus == http.StatusNotModified {
			c.ifNoneMatch = postETag
		}
		status, hdr, body, n := get(wired, wiredWrites, c)
		if status != c.wantStatus {
			t.Fatalf("%s: status %d, want %d: %s", c.name, status, c.wantStatus, body)
		}
		if c.path == post && status == http.StatusOK {
			postETag = hdr.Get("ETag")
		}
		if n != 1 {
			t.Errorf("%s: %d write calls, want 1", c.name, n)
		}
		if status == http.StatusNotModified {
			if len(body) != 0 {
				t.Errorf("%s: %d bytes of body", c.name, len(body))
			}
			continue
		}
		if cl := hdr.Get("Content-Length"); cl != strconv.Itoa(len(body)) || len(body) < 4<<10 {
			t.Errorf("%s: Content-Length %q for %d bytes (want a body over 4 KB, sent whole)", c.name, cl, len(body))
		}
		if len(hdr.Values("Transfer-Encoding")) > 0 {
			t.Errorf("%s: sent in chunks", c.name)
		}
		// The same bytes as net/http sends by itself.
		pstatus, phdr, pbody, pn := get(plain, plainWrites, c)
		if pstatus != status || !bytes.Equal(pbody, body) || phdr.Get("ETag") != hdr.Get("ETag") {
			t.Errorf("%s: %d %q over the wire, %d %q over a plain listener", c.name, status, hdr.Get("ETag"), pstatus, phdr.Get("ETag"))
		}
		if pn != 2 {
			t.Errorf("%s: %d write calls over a plain listener; the premise (two) no longer holds", c.name, pn)
		}
	}

	// A write answers with the whole post in one write call too, with an
	// Idempotency-Key (whose middleware keeps a copy of the response) or
	// without. Over 8 KB, net/http writes all but its buffer's worth at
	// once; between 4 and 8 KB the rest stays in its buffer until flushed.
	for i, key := range []string{"", "wire-create", "", "wire-create-short"} {
		words := 400
		if i >= 2 {
			words = 100 // a response of about 6 KB
		}
		raw, _ := json.Marshal(map[string]any{"title": fmt.Sprintf("Wire %d", i), "status": "published",
			"body_markdown": strings.Repeat("Some words of a long post. ", words)})
		req, err := http.NewRequest(http.MethodPost, wired+"/v1/posts", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		before := wiredWrites.Load()
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		n := wiredWrites.Load() - before
		if res.StatusCode != http.StatusCreated || len(body) < 4<<10 || res.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Fatalf("create %q: %d, %d bytes, Content-Length %q: %s", key, res.StatusCode, len(body), res.Header.Get("Content-Length"), body)
		}
		if n != 1 {
			t.Errorf("create %q of %d bytes: %d write calls, want 1", key, len(body), n)
		}
	}
}

// TestPipelinedReadsOverTheWire sends three requests in one packet on one
// connection (HTTP/1.1 pipelining) through the wrapped listener: each
// answer comes whole and in order, the held writes of one never mixed
// with the next.
func TestPipelinedReadsOverTheWire(t *testing.T) {
	s := testutil.NewServer(t)
	testutil.SeedPosts(t, s.Store, 5)
	ts := newWireServer(t, s)
	want := []*testutil.Response{s.Get(t, "/v1/posts?limit=5", ""), s.Get(t, "/v1/tags", ""), s.Get(t, "/v1/posts?limit=2", "")}
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	host := ts.Listener.Addr().String()
	pipelined := "GET /v1/posts?limit=5 HTTP/1.1\r\nHost: " + host + "\r\n\r\n" +
		"GET /v1/tags HTTP/1.1\r\nHost: " + host + "\r\n\r\n" +
		"GET /v1/posts?limit=2 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"
	if _, err := io.WriteString(conn, pipelined); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	for i, w := range want {
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("answer %d: %v", i, err)
		}
		if res.StatusCode != w.Status || !bytes.Equal(body, w.Body) {
			t.Fatalf("answer %d: %d, %d bytes; want %d, %d bytes", i, res.StatusCode, len(body), w.Status, len(w.Body))
		}
	}
	if n, _ := r.Read(make([]byte, 1)); n != 0 {
		t.Fatal("bytes after the last answer")
	}
}
