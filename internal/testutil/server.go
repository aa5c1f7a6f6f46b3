package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/folio-cms/folio"
	"github.com/folio-cms/folio/internal/httpapi"
)

// Server is the real echo instance over a fresh database. Every response
// it returns has been validated against openapi.yaml.
type Server struct {
	*Env
	Echo *echo.Echo
	spec *SpecValidator
}

// NewServer builds the HTTP API for one test.
func NewServer(t testing.TB) *Server {
	t.Helper()
	env := NewEnv(t)
	e, err := httpapi.New(httpapi.Deps{Service: env.Service, SpecYAML: folio.OpenAPIYAML, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return &Server{Env: env, Echo: e, spec: OpenAPI(t)}
}

// Request describes one call. Body may be a string (sent as is) or any
// value (sent as JSON); JSON content type is set unless Header says otherwise.
type Request struct {
	Method string
	Path   string
	Body   any
	Token  string
	Header map[string]string
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %d body %q: %v", r.Status, r.Body, err)
	}
}

// Do sends req through the API and validates the response against the spec.
func (s *Server) Do(t testing.TB, req Request) *Response {
	t.Helper()
	var body io.Reader
	switch b := req.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	hr := httptest.NewRequest(req.Method, req.Path, body)
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if req.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+req.Token)
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	if req.Method == http.MethodGet {
		// As the projector would have by now: the whole API suite then
		// reads through the read model, and its spec checks cover it.
		if _, err := s.Service.ProjectViews(context.Background()); err != nil {
			t.Fatalf("render post views: %v", err)
		}
	}
	rec := httptest.NewRecorder()
	s.Echo.ServeHTTP(rec, hr)
	res := &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	s.spec.ValidateResponse(t, hr, res.Status, res.Header, res.Body)
	return res
}

// Get is Do for a GET with an optional token.
func (s *Server) Get(t testing.TB, path, token string) *Response {
	t.Helper()
	return s.Do(t, Request{Method: http.MethodGet, Path: path, Token: token})
}

// testLogger writes errors to stderr, so a 5xx in a test shows its cause.
func testLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
