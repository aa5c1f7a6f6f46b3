package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/labstack/echo/v4"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/folio-cms/folio"
	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/httpapi"
	"github.com/folio-cms/folio/internal/obs"
	"github.com/folio-cms/folio/internal/testutil"
)

// observed is the real API over a fresh database with its log captured as
// JSON at debug level.
type observed struct {
	*testutil.Env
	echo *echo.Echo
	logs *syncBuffer
	spec *testutil.SpecValidator
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newObserved builds the API; setup may fill Deps (metrics, tracer...) and
// hook the store before the server is made.
func newObserved(t *testing.T, setup func(env *testutil.Env, d *httpapi.Deps)) *observed {
	t.Helper()
	env := testutil.NewEnv(t)
	logs := &syncBuffer{}
	d := httpapi.Deps{Service: env.Service, SpecYAML: folio.OpenAPIYAML, Logger: obs.NewLogger(logs, "json", "debug")}
	if setup != nil {
		setup(env, &d)
	}
	e, err := httpapi.New(d)
	if err != nil {
		t.Fatal(err)
	}
	return &observed{Env: env, echo: e, logs: logs, spec: testutil.OpenAPI(t)}
}

// call sends one request and, unless the path is outside the contract,
// validates the response against openapi.yaml.
type call struct {
	method, path, token, body string
	header                    map[string]string
	unchecked                 bool
}

func (o *observed) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	o.echo.ServeHTTP(rec, req)
	if !c.unchecked {
		o.spec.ValidateRecorder(t, req, rec)
	}
	return rec
}

// lines parses every log line as JSON, failing the test on one that is not.
func (o *observed) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(o.logs.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// accessLine returns the request line of the request with requestID.
func (o *observed) accessLine(t *testing.T, requestID string) map[string]any {
	t.Helper()
	for _, l := range o.lines(t) {
		if l["msg"] == "request" && l["request_id"] == requestID {
			return l
		}
	}
	t.Fatalf("no request line for %s in:\n%s", requestID, o.logs.String())
	return nil
}

var traceparentRE = regexp.MustCompile(`^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$`)

// traceOf returns the trace and span id of a response's traceparent.
func traceOf(t *testing.T, rec *httptest.ResponseRecorder) (traceID, spanID string) {
	t.Helper()
	m := traceparentRE.FindStringSubmatch(rec.Header().Get("traceparent"))
	if m == nil || m[1] == strings.Repeat("0", 32) {
		t.Fatalf("%d response has no valid traceparent: %q", rec.Code, rec.Header().Get("traceparent"))
	}
	return m[1], m[2]
}

const (
	callerTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	callerSpanID  = "00f067aa0ba902b7"
)

func TestObserveLogLineFields(t *testing.T) {
	o := newObserved(t, nil)
	u := o.MustUser(t, "Ann Author", content.RoleAuthor)
	tok := o.Token(t, u)
	cases := []struct {
		name          string
		call          call
		route, userID string
		status        int
	}{
		{"signed in", call{method: "GET", path: "/v1/me", token: tok}, "/v1/me", u.ID, 200},
		{"pattern, not path", call{method: "GET", path: "/v1/posts/" + content.NewID()}, "/v1/posts/:id", "", 404},
		{"no route", call{method: "GET", path: "/nowhere/at/all"}, "unmatched", "", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := o.do(t, tc.call)
			traceID, _ := traceOf(t, rec)
			l := o.accessLine(t, rec.Header().Get(echo.HeaderXRequestID))
			want := map[string]any{"level": "INFO", "method": "GET", "route": tc.route, "trace_id": traceID,
				"status": float64(tc.status), "bytes": float64(rec.Body.Len())}
			for k, v := range want {
				if l[k] != v {
					t.Errorf("%s = %#v, want %#v", k, l[k], v)
				}
			}
			if d, ok := l["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("duration_ms = %#v", l["duration_ms"])
			}
			if got, _ := l["user_id"].(string); got != tc.userID {
				t.Errorf("user_id = %q, want %q", got, tc.userID)
			}
		})
	}
}

// TestLogsHoldNoSecrets logs in, uses the token, makes an API token, uses
// that, and creates a user, all at debug level, then greps the log for every
// password, token and hash involved.
func TestLogsHoldNoSecrets(t *testing.T) {
	o := newObserved(t, nil)
	admin := o.MustUser(t, "Ada Admin", content.RoleAdmin)
	loginBody := `{"email":"ada.admin@example.com","password":"password-Ada Admin"}`
	o.do(t, call{method: "POST", path: "/v1/auth/login", body: `{"email":"ada.admin@example.com","password":"wrong-guess-123"}`})
	rec := o.do(t, call{method: "POST", path: "/v1/auth/login", body: loginBody})
	var login struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &login); err != nil || login.AccessToken == "" {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	rec = o.do(t, call{method: "POST", path: "/v1/auth/tokens", token: login.AccessToken, body: `{"name":"deploy","expires_in":3600}`})
	var apiTok struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &apiTok); err != nil || apiTok.Token == "" {
		t.Fatalf("create token: %d %s", rec.Code, rec.Body)
	}
	o.do(t, call{method: "GET", path: "/v1/me", token: apiTok.Token})
	rec = o.do(t, call{method: "POST", path: "/v1/users", token: apiTok.Token,
		body: `{"email":"new@example.com","password":"brand-new-user-passphrase","name":"New Person","role":"author"}`})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create user: %d %s", rec.Code, rec.Body)
	}
	secrets := map[string]string{"login password": "password-Ada Admin", "wrong password": "wrong-guess-123",
		"new user's password": "brand-new-user-passphrase", "login token": login.AccessToken, "API token": apiTok.Token,
		"JWT signature": login.AccessToken[strings.LastIndexByte(login.AccessToken, '.')+1:]}
	for _, email := range []string{admin.Email, "new@example.com"} {
		u, err := o.Store.GetUserByEmail(t.Context(), email)
		if err != nil || u.PasswordHash == "" {
			t.Fatalf("read back %s: %v", email, err)
		}
		secrets["hash of "+email] = u.PasswordHash
		secrets["digest of "+email] = u.PasswordHash[strings.LastIndexByte(u.PasswordHash, '$')+1:]
	}
	logs := o.logs.String()
	if strings.Count(logs, `"msg":"request"`) != 5 {
		t.Fatalf("want 5 request lines, log is:\n%s", logs)
	}
	for what, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds the %s", what)
		}
	}
}

func TestTraceSpansAndPropagation(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	o := newObserved(t, func(env *testutil.Env, d *httpapi.Deps) {
		d.Tracer = tp
		if err := env.Store.Observe(obs.QueryObserver(nil, tp, env.Store.Dialect())); err != nil {
			t.Fatal(err)
		}
	})
	u := o.MustUser(t, "Ann Author", content.RoleAuthor)
	p := o.MustPost(t, u, testutil.Published("Traced"))
	if n := len(exp.GetSpans()); n != 0 {
		t.Fatalf("statements outside a request made %d spans", n)
	}
	rec := o.do(t, call{method: "GET", path: "/v1/posts/" + p.ID,
		header: map[string]string{"traceparent": "00-" + callerTraceID + "-" + callerSpanID + "-01"}})
	if rec.Code != 200 {
		t.Fatalf("get post: %d %s", rec.Code, rec.Body)
	}
	server := findSpan(t, exp.GetSpans(), trace.SpanKindServer)
	if server.Name != "GET /v1/posts/:id" || server.SpanContext.TraceID().String() != callerTraceID ||
		server.Parent.SpanID().String() != callerSpanID || !server.Parent.IsRemote() {
		t.Fatalf("server span %q trace %s parent %s, want GET /v1/posts/:id continuing %s-%s",
			server.Name, server.SpanContext.TraceID(), server.Parent.SpanID(), callerTraceID, callerSpanID)
	}
	if got := rec.Header().Get("traceparent"); got != "00-"+callerTraceID+"-"+server.SpanContext.SpanID().String()+"-01" {
		t.Fatalf("response traceparent %q does not continue the caller's trace through the server span", got)
	}
	checkDBSpans(t, exp.GetSpans(), server)

	exp.Reset()
	rec = o.do(t, call{method: "GET", path: "/v1/posts/" + p.ID,
		header: map[string]string{"traceparent": "00-" + callerTraceID + "-" + callerSpanID + "-00"}})
	if traceID, _ := traceOf(t, rec); traceID != callerTraceID || !strings.HasSuffix(rec.Header().Get("traceparent"), "-00") {
		t.Fatalf("unsampled caller: traceparent %q", rec.Header().Get("traceparent"))
	}
	if n := len(exp.GetSpans()); n != 0 {
		t.Fatalf("a caller that does not sample got %d spans recorded", n)
	}
}

// checkDBSpans wants at least one database span, each a child of server
// in its trace and within its time.
func checkDBSpans(t *testing.T, spans tracetest.SpanStubs, server tracetest.SpanStub) {
	t.Helper()
	var db int
	for _, s := range spans {
		if s.SpanKind != trace.SpanKindClient {
			continue
		}
		db++
		if s.SpanContext.TraceID() != server.SpanContext.TraceID() || s.Parent.SpanID() != server.SpanContext.SpanID() {
			t.Errorf("database span %q is not a child of the server span", s.Name)
		}
		if s.StartTime.Before(server.StartTime) || s.EndTime.After(server.EndTime) {
			t.Errorf("database span %q lies outside its parent", s.Name)
		}
	}
	if db == 0 {
		t.Fatalf("no database span among %d spans", len(spans))
	}
}

func findSpan(t *testing.T, spans tracetest.SpanStubs, kind trace.SpanKind) tracetest.SpanStub {
	t.Helper()
	for _, s := range spans {
		if s.SpanKind == kind {
			return s
		}
	}
	t.Fatalf("no %s span among %d", kind, len(spans))
	return tracetest.SpanStub{}
}

// TestTraceparentOnEveryResponse uses the default provider (no exporter):
// successes, client errors, router 404s and 405s and server errors all carry
// a traceparent, a caller's trace is continued, and a 5xx is logged once with
// its cause and the trace id.
func TestTraceparentOnEveryResponse(t *testing.T) {
	o := newObserved(t, nil)
	o.echo.GET("/boom", func(echo.Context) error { return errors.New("boom: the disk is on fire") })
	calls := []call{
		{method: "GET", path: "/healthz"},
		{method: "GET", path: "/v1/posts"},
		{method: "GET", path: "/v1/posts/not-an-id"},
		{method: "GET", path: "/v1/me", token: "not-a-token"},
		{method: "GET", path: "/no/such/route"},
		{method: "PUT", path: "/v1/posts"},
		{method: "GET", path: "/boom", unchecked: true},
	}
	failedTraces := map[string]bool{callerTraceID: true}
	for _, c := range calls {
		own, _ := traceOf(t, o.do(t, c))
		if c.path == "/boom" {
			failedTraces[own] = true
		}
		c.header = map[string]string{"traceparent": "00-" + callerTraceID + "-" + callerSpanID + "-01"}
		if traceID, spanID := traceOf(t, o.do(t, c)); traceID != callerTraceID || spanID == callerSpanID {
			t.Errorf("%s %s: trace %s span %s does not continue the caller's", c.method, c.path, traceID, spanID)
		}
	}
	for _, l := range o.lines(t) {
		if l["msg"] != "request failed" {
			continue
		}
		id, _ := l["trace_id"].(string)
		if !failedTraces[id] || !strings.Contains(l["error"].(string), "disk is on fire") {
			t.Errorf("5xx log line lacks the trace id or the cause: %v", l)
		}
		delete(failedTraces, id)
	}
	if len(failedTraces) != 0 {
		t.Errorf("no 'request failed' line for the server errors of traces %v:\n%s", failedTraces, o.logs.String())
	}
}

func TestReadyzDuringDrain(t *testing.T) {
	var draining atomic.Bool
	o := newObserved(t, func(_ *testutil.Env, d *httpapi.Deps) { d.Draining = draining.Load })
	if rec := o.do(t, call{method: "GET", path: "/readyz"}); rec.Code != 200 {
		t.Fatalf("ready before drain: %d %s", rec.Code, rec.Body)
	}
	draining.Store(true)
	rec := o.do(t, call{method: "GET", path: "/readyz"})
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"draining"`) {
		t.Fatalf("readyz while draining: %d %s", rec.Code, rec.Body)
	}
	if rec := o.do(t, call{method: "GET", path: "/healthz"}); rec.Code != 200 {
		t.Fatalf("healthz while draining: %d", rec.Code)
	}
}
